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

    /// Obligations about `subject` not yet met, of the given kinds.
    public func open(subject: ObligationSubject, kinds: Set<ObligationKind>) async throws -> [Obligation] {
        try await sql.raw("""
            SELECT o.content, f.met_on FROM obligations o
            LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id
            WHERE o.subject = \(bind: subject.reference) AND f.obligation_id IS NULL
            """).all().map(Self.obligation).filter { kinds.contains($0.kind) }
    }

    /// Every obligation about `subject`, met or not.
    public func all(subject: ObligationSubject) async throws -> [Obligation] {
        try await sql.raw("""
            SELECT o.content, f.met_on FROM obligations o
            LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id
            WHERE o.subject = \(bind: subject.reference) ORDER BY o.created_at
            """).all().map(Self.obligation)
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
        if let dueBy = filter.dueBy { filters.append("o.due_date <= \(bind: dueBy.description)" as SQLQueryString) }
        if let dueFrom = filter.dueFrom { filters.append("o.due_date >= \(bind: dueFrom.description)" as SQLQueryString) }
        if let unit = filter.unitID { filters.append("o.unit_id = \(bind: unit.lowercased)" as SQLQueryString) }
        if let person = filter.personID { filters.append("o.person_id = \(bind: person.lowercased)" as SQLQueryString) }
        let whereClause = PublicationQueries.conjunction(filters)
        let from = SQLRaw("FROM obligations o LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id")
        let total = try await sql.raw("SELECT COUNT(*) AS n \(from) \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT o.content, f.met_on \(from) \(whereClause)
            ORDER BY CASE WHEN o.due_date IS NULL THEN 1 ELSE 0 END, o.due_date, o.created_at, o.id
            LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        return (try rows.map(Self.obligation), total)
    }

    /// Obligations whose due day falls in `from…to`, for the accountability report (SPEC P10).
    public func due(from: CivilDate, to: CivilDate) async throws -> [Obligation] {
        try await sql.raw("""
            SELECT o.content, f.met_on FROM obligations o
            LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id
            WHERE o.due_date >= \(bind: from.description) AND o.due_date <= \(bind: to.description)
            ORDER BY o.due_date, o.id
            """).all().map(Self.obligation)
    }

    public func find(_ id: UUID) async throws -> Obligation? {
        try await sql.raw("""
            SELECT o.content, f.met_on FROM obligations o
            LEFT JOIN obligation_fulfilments f ON f.obligation_id = o.id WHERE o.id = \(bind: id.lowercased)
            """).first().map(Self.obligation)
    }

    /// The stored obligation, met on the day of its fulfilment row if there is one.
    static func obligation(_ row: any SQLRow) throws -> Obligation {
        let obligation = try JSONCoding.decode(Obligation.self, try row.decode(column: "content", as: String.self))
        guard let metOn = try row.decode(column: "met_on", as: String?.self).flatMap(CivilDate.init(iso:)) else { return obligation }
        return obligation.met(on: metOn)
    }
}
