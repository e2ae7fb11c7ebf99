import Domain
import FluentKit
import Foundation
import SQLKit

/// Complaints as the weak-spot statistics read them (SPEC R12: "statistics over records show weak
/// spots"; issue 15 item 4 "complaints by outcome"): one row per complaint received in a period.
public struct ComplaintQueries: Sendable {
    /// One complaint, without personal data.
    public struct OutcomeRow: Sendable, Hashable {
        public let complaintID: UUID
        public let kind: Complaint.Kind
        public let receivedOn: CivilDate
        /// The unit it concerns: the unit chosen at intake, else the unit it is assigned to.
        public let unitID: UUID?
        /// The officer complained about: chosen at intake, else the first officer linked.
        public let officerID: UUID?
        /// The kind of the first case linked (penalty, coercion, inspection …), when any.
        public let enforcementKind: EnforcementKind?
        /// Nil while unanswered.
        public let outcome: ComplaintAnswer.Outcome?
        public let dueOn: CivilDate?
        public let answeredOn: CivilDate?
        /// Answered after the due day.
        public let answeredLate: Bool
    }

    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Complaints received from `from` to `to`, both days included (Asia/Shanghai), oldest first.
    public func outcomes(from: CivilDate, to: CivilDate) async throws -> [OutcomeRow] {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT c.id, c.kind, c.received_on, c.due_on, c.officer_id, c.unit_id,
                   a.outcome, a.answered_on, a.late,
                   (SELECT s.unit_id FROM complaint_assignments s WHERE s.complaint_id = c.id ORDER BY s.ledger_index DESC LIMIT 1) AS assigned_unit,
                   (SELECT l.target_id FROM complaint_links l WHERE l.complaint_id = c.id AND l.target = 'officer' ORDER BY l.ledger_index LIMIT 1) AS linked_officer,
                   (SELECT l.target_id FROM complaint_links l WHERE l.complaint_id = c.id AND l.target = 'case' ORDER BY l.ledger_index LIMIT 1) AS linked_case
            FROM complaints c LEFT JOIN complaint_answers a ON a.complaint_id = c.id
            WHERE c.received_on >= \(bind: from.description) AND c.received_on <= \(bind: to.description)
            ORDER BY c.received_on, c.ledger_index
            """).all()
        // Cases' ids are UUID columns (BLOB on SQLite, uuid on PostgreSQL): read through Fluent.
        let caseIDs = Set(try rows.compactMap { try $0.decode(column: "linked_case", as: String?.self).flatMap(UUID.init(uuidString:)) })
        var caseKinds: [UUID: EnforcementKind] = [:]
        if !caseIDs.isEmpty {
            for model in try await CaseModel.query(on: database).filter(\.$id ~~ Array(caseIDs)).all() {
                if let id = model.id, let kind = EnforcementKind(rawValue: model.kind) { caseKinds[id] = kind }
            }
        }
        return try rows.compactMap { row in
            guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
                  let kind = Complaint.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let receivedOn = CivilDate(iso: try row.decode(column: "received_on", as: String.self)) else { return nil }
            func uuid(_ column: String) throws -> UUID? { try row.decode(column: column, as: String?.self).flatMap(UUID.init(uuidString:)) }
            return OutcomeRow(
                complaintID: id, kind: kind, receivedOn: receivedOn,
                unitID: try uuid("unit_id") ?? uuid("assigned_unit"),
                officerID: try uuid("officer_id") ?? uuid("linked_officer"),
                enforcementKind: try uuid("linked_case").flatMap { caseKinds[$0] },
                outcome: try row.decode(column: "outcome", as: String?.self).flatMap(ComplaintAnswer.Outcome.init(rawValue:)),
                dueOn: try row.decode(column: "due_on", as: String?.self).flatMap { CivilDate(iso: $0) },
                answeredOn: try row.decode(column: "answered_on", as: String?.self).flatMap { CivilDate(iso: $0) },
                answeredLate: (try row.decode(column: "late", as: Int?.self) ?? 0) != 0)
        }
    }
}
