import Domain
import FluentKit
import Foundation
import SQLKit

/// Reads obligations with their fulfilment (SPEC X2, P10): the legal section's "due this week,
/// overdue, and who is responsible" page and the accountability report.
public struct ObligationQueries: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// The obligations with their fulfilment and their latest rescheduling (issue 13): what every
    /// read selects from. `due` is the due day in force.
    static let joined = SQLRaw("""
        FROM obligations o
        LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id
        LEFT JOIN obligation_reschedules r ON r.obligation_id = o.id
            AND r.seq = (SELECT MAX(r2.seq) FROM obligation_reschedules r2 WHERE r2.obligation_id = o.id)
        """)
    static let selected = SQLRaw("SELECT o.content, r.content AS rescheduled, r.seq AS reschedules, f.met_on")
    static let due = SQLRaw("(CASE WHEN r.obligation_id IS NULL THEN o.due_date ELSE r.due_date END)")

    /// Obligations about `subject` not yet met, of the given kinds.
    public func open(subject: ObligationSubject, kinds: Set<ObligationKind>) async throws -> [Obligation] {
        try await sql.raw("""
            \(Self.selected) \(Self.joined)
            WHERE o.subject = \(bind: subject.reference) AND f.obligation_id IS NULL
            """).all().map(Self.obligation).filter { kinds.contains($0.kind) }
    }

    /// Obligations a step on publication `id` may meet, not yet met, of the given kinds: those
    /// about the publication and those linked to it (a decision entered in its case, the year's
    /// figures; issue 13).
    public func open(publication id: UUID, kinds: Set<ObligationKind>) async throws -> [Obligation] {
        try await sql.raw("""
            \(Self.selected) \(Self.joined)
            WHERE f.obligation_id IS NULL AND (o.subject = \(bind: ObligationSubject.publication(id).reference)
                OR o.id IN (SELECT l.obligation_id FROM obligation_links l WHERE l.publication_id = \(bind: id.lowercased)))
            ORDER BY o.created_at, o.id
            """).all().map(Self.obligation).filter { kinds.contains($0.kind) }
    }

    /// Every obligation about `subject`, met or not.
    public func all(subject: ObligationSubject) async throws -> [Obligation] {
        try await sql.raw("""
            \(Self.selected) \(Self.joined)
            WHERE o.subject = \(bind: subject.reference) ORDER BY o.created_at
            """).all().map(Self.obligation)
    }

    /// The obligation holding `key` (`Obligation.uniquenessKey`), if one does.
    public func holding(key: String) async throws -> Obligation? {
        let row = try await sql.raw("SELECT obligation_id FROM obligation_keys WHERE key = \(bind: key)").first()
        guard let text = try row?.decode(column: "obligation_id", as: String.self), let id = UUID(uuidString: text) else { return nil }
        return try await find(id)
    }

    /// The publication an obligation is linked to, if any.
    public func linkedPublication(_ obligationID: UUID) async throws -> UUID? {
        let row = try await sql.raw("SELECT publication_id FROM obligation_links WHERE obligation_id = \(bind: obligationID.lowercased)").first()
        guard let text = try row?.decode(column: "publication_id", as: String.self) else { return nil }
        return UUID(uuidString: text)
    }

    /// Obligations triggered from `from` to `to`, met or not: what a newly imported holiday year
    /// can move (issue 13 item 3).
    public func triggered(from: CivilDate, to: CivilDate) async throws -> [Obligation] {
        try await sql.raw("""
            \(Self.selected) \(Self.joined)
            WHERE o.trigger_date >= \(bind: from.description) AND o.trigger_date <= \(bind: to.description)
            ORDER BY o.trigger_date, o.id
            """).all().map(Self.obligation)
    }

    /// How many times obligation `id` has been rescheduled (the next `seq`).
    func rescheduleCount(_ id: UUID) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM obligation_reschedules WHERE obligation_id = \(bind: id.lowercased)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A filter for the obligations page.
    public struct Filter: Sendable, Hashable {
        /// Only those not yet met.
        public var openOnly: Bool
        /// Due on or before this day (e.g. the end of this week); nil for any.
        public var dueBy: CivilDate?
        /// Due on or after this day; nil for any.
        public var dueFrom: CivilDate?
        public var unitID: UUID?
        public var personID: UUID?

        public init(openOnly: Bool = false, dueBy: CivilDate? = nil, dueFrom: CivilDate? = nil, unitID: UUID? = nil, personID: UUID? = nil) {
            self.openOnly = openOnly
            self.dueBy = dueBy
            self.dueFrom = dueFrom
            self.unitID = unitID
            self.personID = personID
        }
    }

    /// Obligations matching `filter`, earliest due first (unknown due days last).
    public func list(_ filter: Filter, offset: Int, limit: Int) async throws -> (items: [Obligation], total: Int) {
        var filters: [any SQLExpression] = []
        if filter.openOnly { filters.append(SQLRaw("f.obligation_id IS NULL")) }
        if let dueBy = filter.dueBy { filters.append("\(Self.due) <= \(bind: dueBy.description)" as SQLQueryString) }
        if let dueFrom = filter.dueFrom { filters.append("\(Self.due) >= \(bind: dueFrom.description)" as SQLQueryString) }
        if let unit = filter.unitID { filters.append("o.unit_id = \(bind: unit.lowercased)" as SQLQueryString) }
        if let person = filter.personID { filters.append("o.person_id = \(bind: person.lowercased)" as SQLQueryString) }
        let whereClause = PublicationQueries.conjunction(filters)
        let total = try await sql.raw("SELECT COUNT(*) AS n \(Self.joined) \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            \(Self.selected) \(Self.joined) \(whereClause)
            ORDER BY CASE WHEN \(Self.due) IS NULL THEN 1 ELSE 0 END, \(Self.due), o.created_at, o.id
            LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        return (try rows.map(Self.obligation), total)
    }

    /// Obligations whose due day falls in `from…to`, for the accountability report (SPEC P10).
    public func due(from: CivilDate, to: CivilDate) async throws -> [Obligation] {
        try await sql.raw("""
            \(Self.selected) \(Self.joined)
            WHERE \(Self.due) >= \(bind: from.description) AND \(Self.due) <= \(bind: to.description)
            ORDER BY \(Self.due), o.id
            """).all().map(Self.obligation)
    }

    public func find(_ id: UUID) async throws -> Obligation? {
        try await sql.raw("""
            \(Self.selected) \(Self.joined) WHERE o.id = \(bind: id.lowercased)
            """).first().map(Self.obligation)
    }

    /// The stored obligation as last rescheduled, met on the day of its fulfilment row if there is one.
    static func obligation(_ row: any SQLRow) throws -> Obligation {
        let content = try row.decode(column: "rescheduled", as: String?.self) ?? row.decode(column: "content", as: String.self)
        let obligation = try JSONCoding.decode(Obligation.self, content)
        guard let metOn = try row.decode(column: "met_on", as: String?.self).flatMap(CivilDate.init(iso:)) else { return obligation }
        return obligation.met(on: metOn)
    }
}
