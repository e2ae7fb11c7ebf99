import Domain
import FluentKit
import Foundation
import SQLKit

/// Complaints and reports (投诉举报, SPEC R13; issue 15 item 3): every step is an insert-only row and
/// its ledger event, in one transaction (SPEC X3). The complainant arrives here already sealed.
public struct ComplaintStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Stores `complaint` with its sealed person. With `limits` (the public form), the counts are
    /// taken inside the ledger's append, which runs one at a time, so parallel submissions cannot all
    /// pass; over a limit nothing is stored and the `CorrectionIntakeLimits.Refusal` is thrown.
    public func receive(
        _ complaint: Complaint, personSealed: String, contactLookup: String?, clientKey: String,
        limits: CorrectionIntakeLimits? = nil
    ) async throws {
        let events = [try DomainEvents.complaintReceived(complaint, at: complaint.receivedAt)]
        try await ledger.append(events, indexedWork: { db, first in
            let sql = db as! any SQLDatabase
            if let limits {
                let client = try await count(clientKey: clientKey, since: complaint.receivedAt.addingTimeInterval(-3600), on: db)
                let today = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM complaints
                    WHERE received_at >= \(bind: CivilDate(complaint.receivedAt).startInstant().unixMilliseconds)
                      AND client_key NOT LIKE 'staff:%'
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
                if let refusal = limits.refusal(fromClientInLastHour: client, today: today) { throw refusal }
            }
            try await sql.insert(into: "complaints")
                .columns(
                    "id", "receipt", "kind", "channel", "subject", "officer_id", "unit_id", "received_on", "received_at", "due_on",
                    "client_key", "contact_lookup", "person_sealed", "ledger_index", "content")
                .values(
                    SQLBind(complaint.id.lowercased), SQLBind(complaint.receipt), SQLBind(complaint.kind.rawValue),
                    SQLBind(complaint.channel.rawValue), SQLBind(complaint.subject), SQLBind(complaint.officerID?.lowercased),
                    SQLBind(complaint.unitID?.lowercased), SQLBind(complaint.receivedOn.description),
                    SQLBind(complaint.receivedAt.unixMilliseconds), SQLBind(complaint.due.date?.description), SQLBind(clientKey),
                    SQLBind(contactLookup), SQLBind(personSealed), SQLBind(Int64(first)), SQLBind(try JSONCoding.string(complaint)))
                .run()
        })
    }

    public func assign(_ assignment: ComplaintAssignment) async throws {
        let events = [try DomainEvents.complaintAssigned(assignment, at: assignment.assignedAt)]
        try await ledger.append(events, indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "complaint_assignments")
                .columns("id", "complaint_id", "unit_id", "officer_id", "assigned_at", "ledger_index", "content")
                .values(
                    SQLBind(assignment.id.lowercased), SQLBind(assignment.complaintID.lowercased), SQLBind(assignment.unitID.lowercased),
                    SQLBind(assignment.officerID?.lowercased), SQLBind(assignment.assignedAt.unixMilliseconds), SQLBind(Int64(first)),
                    SQLBind(try JSONCoding.string(assignment)))
                .run()
        })
    }

    /// Stores a link; linking the same target twice fails on the primary key (nothing appended).
    public func link(_ link: ComplaintLink) async throws {
        let events = [try DomainEvents.complaintLinked(link, at: link.linkedAt)]
        try await ledger.append(events, indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "complaint_links")
                .columns("complaint_id", "target", "target_id", "linked_by", "linked_at", "ledger_index")
                .values(
                    SQLBind(link.complaintID.lowercased), SQLBind(link.target.rawValue), SQLBind(link.targetID.lowercased),
                    SQLBind(link.linkedBy.lowercased), SQLBind(link.linkedAt.unixMilliseconds), SQLBind(Int64(first)))
                .run()
        })
    }

    /// Stores the answer; a second answer fails on the primary key.
    public func answer(_ answer: ComplaintAnswer) async throws {
        let events = [try DomainEvents.complaintAnswered(answer, at: answer.answeredAt)]
        try await ledger.append(events, indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "complaint_answers")
                .columns("complaint_id", "outcome", "answered_on", "late", "answered_at", "ledger_index", "content")
                .values(
                    SQLBind(answer.complaintID.lowercased), SQLBind(answer.outcome.rawValue), SQLBind(answer.answeredOn.description),
                    SQLBind(answer.late ? 1 : 0), SQLBind(answer.answeredAt.unixMilliseconds), SQLBind(Int64(first)),
                    SQLBind(try JSONCoding.string(answer)))
                .run()
        })
    }

    /// Stores a new version of the working-day limit; two people saving at once both compute the
    /// same version and the second insert fails on the primary key.
    public func setPolicy(_ policy: ComplaintPolicy) async throws {
        let at = policy.setAt ?? Date(timeIntervalSince1970: 0)
        let events = [try DomainEvents.complaintPolicyChanged(policy, at: at)]
        try await ledger.append(events, indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "complaint_policies")
                .columns("version", "workdays", "set_at", "ledger_index", "content")
                .values(
                    SQLBind(Int64(policy.version)), SQLBind(Int64(policy.workdays)), SQLBind(at.unixMilliseconds),
                    SQLBind(Int64(first)), SQLBind(try JSONCoding.string(policy)))
                .run()
        })
    }

    // MARK: Reading

    /// The limit in force: the newest version, or the built-in default.
    public func policy(on db: any Database) async throws -> ComplaintPolicy {
        let row = try await (db as! any SQLDatabase).raw("SELECT content FROM complaint_policies ORDER BY version DESC LIMIT 1").first()
        return try row.map { try JSONCoding.decode(ComplaintPolicy.self, try $0.decode(column: "content", as: String.self)) } ?? .builtIn
    }

    /// Every version, newest first.
    public func policies(on db: any Database) async throws -> [ComplaintPolicy] {
        try await (db as! any SQLDatabase).raw("SELECT content FROM complaint_policies ORDER BY version DESC").all().map {
            try JSONCoding.decode(ComplaintPolicy.self, try $0.decode(column: "content", as: String.self))
        }
    }

    /// A complaint with everything stored about it.
    public struct Entry: Sendable, Hashable {
        public let complaint: Complaint
        public let personSealed: String
        public let contactLookup: String?
        public let assignments: [ComplaintAssignment]
        public let links: [ComplaintLink]
        public let answer: ComplaintAnswer?
        public let ledgerIndex: Int64

        public var assignment: ComplaintAssignment? { assignments.last }
    }

    public func find(_ id: UUID, on db: any Database) async throws -> Entry? {
        try await entries(where: [SQLQueryString("c.id = \(bind: id.lowercased)")], offset: 0, limit: 1, on: db).items.first
    }

    public func find(receipt: String, on db: any Database) async throws -> Entry? {
        try await entries(where: [SQLQueryString("c.receipt = \(bind: receipt)")], offset: 0, limit: 1, on: db).items.first
    }

    /// What the staff list filters on.
    public struct Filter: Sendable, Hashable {
        public enum State: String, Sendable, CaseIterable {
            case open, answered
        }
        public var state: State?
        /// Unanswered and past the due day as of `today`.
        public var overdueOn: CivilDate?
        /// A receipt number or words of the subject.
        public var search: String?

        public init(state: State? = nil, overdueOn: CivilDate? = nil, search: String? = nil) {
            self.state = state
            self.overdueOn = overdueOn
            self.search = search
        }
    }

    /// Newest first.
    public func list(_ filter: Filter, offset: Int, limit: Int, on db: any Database) async throws -> (items: [Entry], total: Int) {
        var conditions: [any SQLExpression] = []
        switch filter.state {
        case .open: conditions.append(SQLRaw("a.complaint_id IS NULL"))
        case .answered: conditions.append(SQLRaw("a.complaint_id IS NOT NULL"))
        case nil: break
        }
        if let today = filter.overdueOn {
            conditions.append(SQLQueryString("a.complaint_id IS NULL AND c.due_on IS NOT NULL AND c.due_on < \(bind: today.description)"))
        }
        if let search = filter.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let pattern = "%" + search.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            conditions.append(SQLQueryString("(c.receipt = \(bind: search.uppercased()) OR c.subject LIKE \(bind: pattern))"))
        }
        return try await entries(where: conditions, offset: offset, limit: limit, on: db)
    }

    /// The complaint's ledger events in order: (event type, ledger index), from the rows each event
    /// was appended with.
    public func history(_ id: UUID, on db: any Database) async throws -> [(type: String, ledgerIndex: Int64)] {
        let key = id.lowercased
        return try await (db as! any SQLDatabase).raw("""
            SELECT 'complaint.received' AS type, ledger_index FROM complaints WHERE id = \(bind: key)
            UNION ALL SELECT 'complaint.assigned', ledger_index FROM complaint_assignments WHERE complaint_id = \(bind: key)
            UNION ALL SELECT 'complaint.linked', ledger_index FROM complaint_links WHERE complaint_id = \(bind: key)
            UNION ALL SELECT 'complaint.answered', ledger_index FROM complaint_answers WHERE complaint_id = \(bind: key)
            ORDER BY ledger_index
            """).all().map { (try $0.decode(column: "type", as: String.self), try $0.decode(column: "ledger_index", as: Int64.self)) }
    }

    /// How many complaints came from `clientKey` since `since` (the form's rate limit).
    public func count(clientKey: String, since: Date, on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS n FROM complaints WHERE client_key = \(bind: clientKey) AND received_at >= \(bind: since.unixMilliseconds)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func entries(where conditions: [any SQLExpression], offset: Int, limit: Int, on db: any Database) async throws -> (items: [Entry], total: Int) {
        let sql = db as! any SQLDatabase
        let whereClause = PublicationQueries.conjunction(conditions)
        let from = SQLRaw("FROM complaints c LEFT JOIN complaint_answers a ON a.complaint_id = c.id")
        let total = try await sql.raw("SELECT COUNT(*) AS n \(from) \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT c.id, c.content, c.person_sealed, c.contact_lookup, c.ledger_index, a.content AS answer \(from) \(whereClause)
            ORDER BY c.received_at DESC, c.id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        var items: [Entry] = []
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let assignments = try await sql.raw("""
                SELECT content FROM complaint_assignments WHERE complaint_id = \(bind: id) ORDER BY ledger_index
                """).all().map { try JSONCoding.decode(ComplaintAssignment.self, try $0.decode(column: "content", as: String.self)) }
            let links = try await sql.raw("""
                SELECT target, target_id, linked_by, linked_at FROM complaint_links WHERE complaint_id = \(bind: id) ORDER BY ledger_index
                """).all().compactMap { link -> ComplaintLink? in
                guard let target = ComplaintLink.Target(rawValue: try link.decode(column: "target", as: String.self)),
                      let targetID = UUID(uuidString: try link.decode(column: "target_id", as: String.self)),
                      let by = UUID(uuidString: try link.decode(column: "linked_by", as: String.self)),
                      let complaintID = UUID(uuidString: id) else { return nil }
                let at = Date(timeIntervalSince1970: Double(try link.decode(column: "linked_at", as: Int64.self)) / 1000)
                return ComplaintLink(complaintID: complaintID, target: target, targetID: targetID, linkedBy: by, linkedAt: at)
            }
            items.append(Entry(
                complaint: try JSONCoding.decode(Complaint.self, try row.decode(column: "content", as: String.self)),
                personSealed: try row.decode(column: "person_sealed", as: String.self),
                contactLookup: try row.decode(column: "contact_lookup", as: String?.self),
                assignments: assignments, links: links,
                answer: try row.decode(column: "answer", as: String?.self).map { try JSONCoding.decode(ComplaintAnswer.self, $0) },
                ledgerIndex: try row.decode(column: "ledger_index", as: Int64.self)))
        }
        return (items, total)
    }
}
