import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// The refused deletions and alterations of records (SPEC R9.5, R14; issue 13 item 7), read from the
/// ledger where `RecordStore.recordRefusedDeletion` keeps them, with who tried and which unit answers
/// for the record.
public struct RefusedChangeQueries: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Refused changes appended from the start of `from` to the end of `to` (Asia/Shanghai days).
    public func refused(from: CivilDate, to: CivilDate) async throws -> [RecordingAccountability.RefusedChange] {
        let rows = try await (database as! any SQLDatabase).raw("""
            SELECT leaf FROM ledger_entries WHERE event_type = 'record.delete_refused'
              AND appended_at >= \(bind: from.startInstant().unixMilliseconds)
              AND appended_at < \(bind: to.adding(days: 1).startInstant().unixMilliseconds)
            ORDER BY idx
            """).all()
        var changes: [RecordingAccountability.RefusedChange] = []
        for row in rows {
            let event = try LedgerEvent(canonicalBytes: try row.decode(column: "leaf", as: Data.self))
            guard let recordID = event.fields["recordId"]?.stringValue.flatMap(UUID.init(uuidString:)) else { continue }
            let record = try await RecordModel.find(recordID, on: database)?.domain()
            let user = try await event.fields["userId"]?.stringValue.flatMap(UUID.init(uuidString:))
                .asyncFlatMap { try await UserModel.find($0, on: database) }
            var unitName = ""
            var title = "记录资料"
            if let record {
                title = record.templateID.flatMap { DocumentTemplate.named($0)?.title } ?? record.kind.chineseName
                if let enforcementCase = try await CaseModel.find(record.caseID, on: database) {
                    title += "（\(enforcementCase.number)）"
                    unitName = try await UnitModel.find(enforcementCase.unitID, on: database)?.name ?? ""
                }
            }
            changes.append(.init(
                at: event.at, recordID: recordID, recordTitle: title, method: event.fields["method"]?.stringValue ?? "",
                personName: user?.displayName ?? "未登录", unitName: unitName))
        }
        return changes
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
