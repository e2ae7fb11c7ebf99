import Domain
import FluentKit
import Foundation
import Persistence
import SQLKit

/// The natural persons the system knows, whose names a publication masks wherever its free text
/// names them (issue 12 item 4; SPEC X4):
/// - the natural persons of the source case: its counterparty and every counterparty a record of
///   the case is registered against;
/// - every natural person in the counterparty directory whose name the text contains (a worker or
///   witness who is a party elsewhere), compared with the text folded as the masker folds it, so
///   `张 小龙` finds 张小龙.
///
/// Only the directory is read — names, never a record's content — so finding them needs no
/// retrieval. People named only inside documents (见证人, 在场人员 typed into a form) and never
/// registered are unknown here and are not masked by name; their ID numbers still are, by shape.
struct PublicationPersons {
    let database: any Database

    /// Names of those persons other than `counterparty`, sorted.
    func naturalPersonNames(case caseID: UUID?, besides counterparty: Counterparty?, text: [String]) async throws -> [String] {
        var names: Set<String> = []
        if let caseID {
            var ids = Set(try await RecordModel.query(on: database).filter(\.$caseID == caseID).all(\.$counterpartyID))
            if let row = try await CaseModel.find(caseID, on: database) { ids.insert(row.counterpartyID) }
            if let own = counterparty?.id { ids.remove(own) }
            if !ids.isEmpty {
                names.formUnion(try await CounterpartyModel.query(on: database)
                    .filter(\.$id ~~ Array(ids))
                    .filter(\.$kind == Counterparty.Kind.naturalPerson.rawValue)
                    .all().map(\.name))
            }
        }
        let folded = PersonNameScanner.folded(text.joined(separator: "\n"))
        if !folded.isEmpty {
            // LIKE with the name as the pattern: one scan of the directory, names of two characters or more.
            let sql = database as! any SQLDatabase
            let rows = try await sql.raw("""
                SELECT DISTINCT name FROM counterparties
                WHERE kind = \(bind: Counterparty.Kind.naturalPerson.rawValue) AND length(name) >= 2
                AND \(bind: folded) LIKE '%' || name || '%'
                """).all()
            names.formUnion(try rows.map { try $0.decode(column: "name", as: String.self) })
        }
        if let own = counterparty?.name { names.remove(own) }
        return names.sorted()
    }
}
