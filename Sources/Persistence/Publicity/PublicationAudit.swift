import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// The publicity part of `lawtrail verify` (SPEC X3; issue 5): every stored step against its ledger
/// leaf (type, publication, version, state, and the SHA-256 of the version's public content,
/// recomputed), every obligation and fulfilment against theirs, and every `publications` read-model
/// row against the row rebuilt from the insert-only tables. A finding names the publication.
public struct PublicationAudit: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public init(database: any Database) {
        self.db = database
    }

    public struct Report: Sendable {
        public var publications = 0
        public var steps = 0
        public var obligations = 0
        public var findings: [String] = []
    }

    public func run() async throws -> Report {
        var report = Report()
        let queries = PublicationQueries(database: db)
        let ids = try await sql.raw("SELECT id FROM publications ORDER BY id").all()
            .compactMap { UUID(uuidString: try $0.decode(column: "id", as: String.self)) }
        for id in ids {
            report.publications += 1
            guard let publication = try await queries.publication(id) else {
                report.findings.append("publication \(id.lowercased): its versions or steps cannot be read")
                continue
            }
            let steps = try await queries.steps(id)
            report.steps += steps.count
            if steps.count != publication.history.count {
                report.findings.append("publication \(id.lowercased): \(steps.count) stored steps for \(publication.history.count) in its history")
            }
            for (step, transition) in zip(steps, publication.history) {
                if let finding = try await check(step: step, transition: transition, publication: publication) {
                    report.findings.append(finding)
                }
            }
            report.findings += try await checkHead(publication, steps: steps)
        }
        let obligations = try await sql.raw("""
            SELECT o.id, o.ledger_index, f.met_on, f.ledger_index AS met_index FROM obligations o
            LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id
            """).all()
        for row in obligations {
            report.obligations += 1
            let id = try row.decode(column: "id", as: String.self)
            if try await leaf(at: try row.decode(column: "ledger_index", as: Int64.self))
                .map({ $0.type == "obligation.created" && $0.fields["obligationId"]?.stringValue == id }) != true {
                report.findings.append("obligation \(id): its ledger entry is not its obligation.created event")
            }
            if let metIndex = try row.decode(column: "met_index", as: Int64?.self) {
                let metOn = try row.decode(column: "met_on", as: String?.self)
                if try await leaf(at: metIndex).map({
                    $0.type == "obligation.met" && $0.fields["obligationId"]?.stringValue == id && $0.fields["metOn"]?.stringValue == metOn
                }) != true {
                    report.findings.append("obligation \(id): its fulfilment does not match its obligation.met event")
                }
            }
        }
        return report
    }

    private func leaf(at index: Int64) async throws -> LedgerEvent? {
        guard let entry = try await LedgerReader(database: db).entry(UInt64(index)) else { return nil }
        return try? LedgerEvent(canonicalBytes: entry.leaf)
    }

    private func check(
        step: PublicationQueries.Step, transition: PublicationTransition, publication: Publication
    ) async throws -> String? {
        let name = "publication \(publication.id.lowercased) step \(step.seq) (\(transition.kind.rawValue))"
        guard let event = try await leaf(at: Int64(step.ledgerIndex)) else { return "\(name): no ledger entry \(step.ledgerIndex)" }
        guard let version = publication.version(transition.versionID) else { return "\(name): names an unknown version" }
        let expected = try DomainEvents.publicationTransition(transition, content: PublicContent(version))
        guard event.type == expected.type, event.fields == expected.fields else {
            return "\(name): ledger entry \(step.ledgerIndex) does not match the stored step and content"
        }
        return nil
    }

    private func checkHead(_ publication: Publication, steps: [PublicationQueries.Step]) async throws -> [String] {
        let shown = steps.last { ($0.kind == .published || $0.kind == .corrected) && $0.versionID == publication.publishedVersionID }
        let expected = try PublicationHead(publication, publicLedgerIndex: shown.map { Int64($0.ledgerIndex) })
        guard let row = try await sql.raw("""
            SELECT state, listed, public_title, public_party, public_party_code, public_ledger_index, search_tokens, latest_version_id, list_key
            FROM publications WHERE id = \(bind: publication.id.lowercased)
            """).first() else { return ["publication \(publication.id.lowercased): no read-model row"] }
        var differences: [String] = []
        func compare<T: Equatable & Decodable>(_ column: String, _ value: T, as type: T.Type) throws {
            if try row.decode(column: column, as: T.self) != value { differences.append(column) }
        }
        try compare("state", expected.state, as: String.self)
        try compare("listed", expected.listed ? 1 : 0, as: Int.self)
        try compare("public_title", expected.publicTitle, as: String?.self)
        try compare("public_party", expected.publicParty, as: String?.self)
        try compare("public_party_code", expected.publicPartyCode, as: String?.self)
        try compare("search_tokens", expected.searchTokens, as: String.self)
        try compare("latest_version_id", expected.latestVersionID.lowercased, as: String.self)
        if expected.listed { try compare("public_ledger_index", expected.publicLedgerIndex, as: Int64?.self) }
        try compare("list_key", expected.listKey, as: Int64?.self)
        if sql.dialect.name != "postgresql", let key = expected.listKey {
            // The full-text row the search finds it by (issue 16): under its list key, with its words.
            let words = try await sql.raw("SELECT tokens FROM publication_search WHERE rowid = \(bind: key)").first()?
                .decode(column: "tokens", as: String.self)
            if words != expected.searchTokens { differences.append("publication_search") }
        }
        return differences.isEmpty ? [] : ["publication \(publication.id.lowercased): read model differs in \(differences.joined(separator: ", "))"]
    }
}
