import Domain
import FluentKit
import Foundation
import SQLKit

/// Reads publications: whole (for the workflow and staff pages) and as public list rows (for the
/// portal, the feed and open data), on SQLite and PostgreSQL alike.
public struct PublicationQueries: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }
    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    public init(database: any Database) {
        self.database = database
    }

    // MARK: Whole publications

    /// The publication with every version and step, or nil.
    public func publication(_ id: UUID) async throws -> Publication? {
        let key = id.lowercased
        guard let head = try await sql.raw("""
            SELECT state, state_reason, published_version_id, pending_correction_id, period, kind
            FROM publications WHERE id = \(bind: key)
            """).first() else { return nil }
        let versions = try await sql.raw("""
            SELECT content FROM publication_versions WHERE publication_id = \(bind: key) ORDER BY number
            """).all().map { try JSONCoding.decode(PublicationVersion.self, try $0.decode(column: "content", as: String.self)) }
        let history = try await sql.raw("""
            SELECT content FROM publication_transitions WHERE publication_id = \(bind: key) ORDER BY seq
            """).all().map { try JSONCoding.decode(PublicationTransition.self, try $0.decode(column: "content", as: String.self)) }
        let slug = try head.decode(column: "state", as: String.self)
        let reason = try head.decode(column: "state_reason", as: String?.self)
        guard let state = PublicationState(slug: slug, reason: reason),
              let kind = PublicationKind(rawValue: try head.decode(column: "kind", as: String.self)) else {
            throw PersistenceError.corruptRow(table: "publications", detail: "state \(slug) of \(key)")
        }
        let period = try head.decode(column: "period", as: String?.self).map { try JSONCoding.decode(PublicityPeriod.self, $0) }
        return try Publication(
            id: id, kind: kind, state: state, versions: versions, history: history,
            publishedVersionID: try head.decode(column: "published_version_id", as: String?.self).flatMap(UUID.init(uuidString:)),
            pendingCorrectionID: try head.decode(column: "pending_correction_id", as: String?.self).flatMap(UUID.init(uuidString:)),
            period: period)
    }

    /// The published certificate publications of officer `officerID` (SPEC P5, P8 (三)).
    public func certificatePublications(officer officerID: UUID) async throws -> [Publication] {
        let ids = try await sql.raw("""
            SELECT id FROM publications WHERE source_officer_id = \(bind: officerID.lowercased)
            AND state IN ('published', 'corrected')
            """).all().compactMap { UUID(uuidString: try $0.decode(column: "id", as: String.self)) }
        var publications: [Publication] = []
        for id in ids {
            if let publication = try await publication(id) { publications.append(publication) }
        }
        return publications
    }

    /// The ledger index of the step that made the currently shown version public.
    public func publicLedgerIndex(_ id: UUID) async throws -> Int64? {
        try await sql.raw("SELECT public_ledger_index FROM publications WHERE id = \(bind: id.lowercased)")
            .first()?.decode(column: "public_ledger_index", as: Int64?.self)
    }

    /// One step as stored: its ledger leaf index with it.
    public struct Step: Sendable, Hashable {
        public let seq: Int
        public let kind: PublicationTransition.Kind
        public let at: Date
        public let versionID: UUID
        public let ledgerIndex: UInt64
    }

    /// Every step of `id` with its ledger index, oldest first.
    public func steps(_ id: UUID) async throws -> [Step] {
        try await sql.raw("""
            SELECT seq, kind, at, version_id, ledger_index FROM publication_transitions
            WHERE publication_id = \(bind: id.lowercased) ORDER BY seq
            """).all().map { row in
            Step(
                seq: try row.decode(column: "seq", as: Int.self),
                kind: PublicationTransition.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .drafted,
                at: Date(unixMilliseconds: try row.decode(column: "at", as: Int64.self)),
                versionID: UUID(uuidString: try row.decode(column: "version_id", as: String.self)) ?? UUID(),
                ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
        }
    }

    // MARK: Staff lists

    /// One row of a staff list.
    public struct StaffItem: Sendable, Hashable, Codable {
        public let id: UUID
        public let kind: PublicationKind
        public let state: String
        public let title: String
        public let updatedAt: Date
    }

    /// Publications in `state` (any when nil) and of `kind`, most recently changed first.
    public func staffList(state: String?, kind: PublicationKind?, offset: Int, limit: Int) async throws -> (items: [StaffItem], total: Int) {
        var filters: [any SQLExpression] = []
        if let state { filters.append("state = \(bind: state)" as SQLQueryString) }
        if let kind { filters.append("kind = \(bind: kind.rawValue)" as SQLQueryString) }
        let whereClause = Self.conjunction(filters)
        let total: Int
        if kind == nil {
            // The desk's counts are kept per state (migration 021, issue 16): no count over a million rows.
            let counts = try await stateCounts()
            total = state.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        } else {
            total = try await sql.raw("SELECT COUNT(*) AS n FROM publications \(whereClause)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
        guard limit > 0 else { return ([], total) }
        let rows = try await sql.raw("""
            SELECT id, kind, state, title, updated_at FROM publications \(whereClause)
            ORDER BY updated_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all()
        let items = try rows.map { row in
            StaffItem(
                id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
                kind: PublicationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .powerItem,
                state: try row.decode(column: "state", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                updatedAt: Date(unixMilliseconds: try row.decode(column: "updated_at", as: Int64.self)))
        }
        return (items, total)
    }

    /// How many publications are in each state, from `publication_state_counts` (kept by triggers
    /// on `publications`, migration 021): one small read for all of the desk's tabs (issue 16).
    public func stateCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.raw("SELECT state, n FROM publication_state_counts").all() {
            counts[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    // MARK: Public lists (the portal, open data, the feed)

    /// One row of a public list: only masked, public columns.
    public struct PublicItem: Sendable, Hashable, Codable {
        public let id: UUID
        public let kind: PublicationKind
        public let state: String
        public let title: String
        public let number: String?
        public let party: String?
        public let partyCode: String?
        public let date: CivilDate?
        public let publishedAt: Date?
        /// The last day of the publicity period (SPEC P7.5); nil when it has no end. Exported as
        /// 公示截止期 (issue 13 item 5 (a)).
        public let publicityLastDay: CivilDate?
    }

    /// What a public list asks for. `text` is full-text; `party` a counterparty name (searched) or
    /// an exact USCC.
    public struct PublicFilter: Sendable, Hashable {
        public var kinds: [PublicationKind]
        public var from: CivilDate?
        public var to: CivilDate?
        public var text: String?
        public var party: String?

        public init(kinds: [PublicationKind] = [], from: CivilDate? = nil, to: CivilDate? = nil, text: String? = nil, party: String? = nil) {
            self.kinds = kinds
            self.from = from
            self.to = to
            self.text = text
            self.party = party
        }
    }

    /// A page of listed publications as of `today`, newest first; `hasMore` says whether a next
    /// page exists (no total: counting a million rows for every page is what makes portals slow).
    public func publicList(
        _ filter: PublicFilter, today: CivilDate, offset: Int, limit: Int
    ) async throws -> (items: [PublicItem], hasMore: Bool) {
        var filters: [any SQLExpression] = [
            SQLRaw("listed = 1"),
            "(period_last_day IS NULL OR period_last_day >= \(bind: today.description))" as SQLQueryString,
        ]
        if !filter.kinds.isEmpty {
            filters.append("kind IN (\(binds: filter.kinds.map(\.rawValue)))" as SQLQueryString)
        }
        if let from = filter.from { filters.append("public_date >= \(bind: from.description)" as SQLQueryString) }
        if let to = filter.to { filters.append("public_date <= \(bind: to.description)" as SQLQueryString) }
        var words: [String] = []
        var byCode = false
        if let text = filter.text { words.append(text) }
        if let party = filter.party?.trimmingCharacters(in: .whitespaces), !party.isEmpty {
            // A credit code is looked up exactly (indexed); anything else is searched as words.
            if party.count == 18, party.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                filters.append("public_party_code = \(bind: party.uppercased())" as SQLQueryString)
                byCode = true
            } else {
                words.append(party)
            }
        }
        let query = SearchTokens.query(words.joined(separator: " "))
        if !query.isEmpty && !isPostgres && !byCode {
            return try await fullTextSQLite(query, filters: filters, filter: filter, offset: offset, limit: limit)
        }
        if !query.isEmpty && isPostgres {
            return try await fullTextPostgres(query, filters: filters, filter: filter, today: today, offset: offset, limit: limit)
        }
        if !query.isEmpty {
            // A credit code and words: the code's few rows, each checked against the full-text table.
            filters.append("list_key IN (SELECT rowid FROM publication_search WHERE publication_search MATCH \(bind: Self.ftsTerms(query)))" as SQLQueryString)
        }
        // SQLite plans without statistics until `DatabaseTuning` has run `ANALYZE`, and then prefers
        // walking the date index to avoid a sort — for a credit code that is every listed row (3.7 s
        // at a million). A code search always starts from its own index instead.
        let source = !isPostgres && byCode ? SQLRaw("publications INDEXED BY publications_party_code") : SQLRaw("publications")
        return try await page(from: source, filters, offset: offset, limit: limit)
    }

    /// Two steps in one statement: the page's ids from an index alone (`publications_listed_date`
    /// and `publications_listed_kind` hold every column the filter and the order need), then the
    /// shown columns of those rows only. Rows skipped by OFFSET are never read from the table.
    private func page(
        from source: SQLRaw, _ filters: [any SQLExpression], offset: Int, limit: Int
    ) async throws -> (items: [PublicItem], hasMore: Bool) {
        let rows = try await sql.raw("""
            SELECT p.id, p.kind, p.state, p.public_title, p.public_number, p.public_party, p.public_party_code,
                   p.public_date, p.published_at, p.period_last_day
            FROM (
                SELECT id, public_date FROM \(source) \(Self.conjunction(filters))
                ORDER BY public_date DESC, id DESC LIMIT \(bind: limit + 1) OFFSET \(bind: offset)
            ) AS page JOIN publications p ON p.id = page.id
            ORDER BY page.public_date DESC, page.id DESC
            """).all()
        let items = try rows.prefix(limit).map(Self.publicItem)
        return (items, rows.count > limit)
    }

    /// SQLite full text (issue 16 item 3): FTS5 rows are keyed by `list_key`, so the matches come
    /// newest first and the walk stops once the page is full (`CROSS JOIN` keeps the full-text table
    /// the outer loop; `publications_list_key` answers the listing checks). The dates of the filter
    /// become a rowid range.
    private func fullTextSQLite(
        _ query: SearchTokens.Query, filters: [any SQLExpression], filter: PublicFilter, offset: Int, limit: Int
    ) async throws -> (items: [PublicItem], hasMore: Bool) {
        var conditions: [any SQLExpression] = ["s.publication_search MATCH \(bind: Self.ftsTerms(query))" as SQLQueryString]
        if let from = filter.from { conditions.append("s.rowid >= \(bind: Self.firstKey(of: from))" as SQLQueryString) }
        if let to = filter.to { conditions.append("s.rowid < \(bind: Self.firstKey(of: to.adding(days: 1)))" as SQLQueryString) }
        conditions += filters
        let rows = try await sql.raw("""
            SELECT p.id, p.kind, p.state, p.public_title, p.public_number, p.public_party, p.public_party_code,
                   p.public_date, p.published_at, p.period_last_day
            FROM (
                SELECT s.rowid AS key FROM publication_search s
                CROSS JOIN publications INDEXED BY publications_list_key ON publications.list_key = s.rowid
                \(Self.conjunction(conditions))
                ORDER BY s.rowid DESC LIMIT \(bind: limit + 1) OFFSET \(bind: offset)
            ) AS page CROSS JOIN publications p INDEXED BY publications_list_key ON p.list_key = page.key
            ORDER BY page.key DESC
            """).all()
        let items = try rows.prefix(limit).map(Self.publicItem)
        return (items, rows.count > limit)
    }

    /// PostgreSQL full text (issue 16 item 3): the stored `search_vector` (GIN), searched in date
    /// windows newest first — the last 30 days, the last year, then everything — so a word found in
    /// most items reads the matches of the first window only. A window answers when it holds the
    /// whole page and one more row (every later match is in it too, the older ones come after).
    private func fullTextPostgres(
        _ query: SearchTokens.Query, filters: [any SQLExpression], filter: PublicFilter, today: CivilDate, offset: Int, limit: Int
    ) async throws -> (items: [PublicItem], hasMore: Bool) {
        let terms = query.exact.map { "'\($0)'" } + query.prefixes.map { "'\($0)':*" }
        let match = "search_vector @@ to_tsquery('simple', \(bind: terms.joined(separator: " & ")))" as SQLQueryString
        for days in [30, 365] {
            let start = today.adding(days: -days)
            if let from = filter.from, from >= start { break }
            let window = "public_date >= \(bind: start.description)" as SQLQueryString
            let found = try await page(from: SQLRaw("publications"), filters + [match, window], offset: offset, limit: limit)
            if found.hasMore { return found }
        }
        return try await page(from: SQLRaw("publications"), filters + [match], offset: offset, limit: limit)
    }

    /// The smallest list key of `day` (`PublicationHead.listKey`).
    static func firstKey(of day: CivilDate) -> Int64 {
        Int64(min(max(day.dayNumber, 0), 0xFFFF)) << 47
    }

    /// FTS5 query text: every token required, prefixes as prefix queries.
    static func ftsTerms(_ query: SearchTokens.Query) -> String {
        (query.exact.map { "\"\($0)\"" } + query.prefixes.map { "\"\($0)\"*" }).joined(separator: " AND ")
    }

    /// What a public list shows changed at most when this changes (issue 16 item 2): the newest
    /// ledger index of any publication step, -1 when there is none. Every change of the read model
    /// is a step written in the same transaction; the portal adds today's date (items leave the
    /// lists when their period ends, before the expiry step is written).
    public func newestStepIndex() async throws -> Int64 {
        let row = try await sql.raw("SELECT MAX(ledger_index) AS top FROM publication_transitions").first()
        return try row?.decode(column: "top", as: Int64?.self) ?? -1
    }

    /// Listed publications of `kind` with their shown content, newest first, after the row
    /// `after` (keyset paging: a full export walks the index once instead of re-scanning offsets).
    public func publicContents(
        kind: PublicationKind, today: CivilDate, after: (date: String, id: String)?, limit: Int
    ) async throws -> [(item: PublicItem, content: PublicContent)] {
        var filters: [any SQLExpression] = [
            SQLRaw("p.listed = 1"),
            "(p.period_last_day IS NULL OR p.period_last_day >= \(bind: today.description))" as SQLQueryString,
            "p.kind = \(bind: kind.rawValue)" as SQLQueryString,
        ]
        if let after {
            filters.append("(p.public_date < \(bind: after.date) OR (p.public_date = \(bind: after.date) AND p.id < \(bind: after.id)))" as SQLQueryString)
        }
        let rows = try await sql.raw("""
            SELECT p.id, p.kind, p.state, p.public_title, p.public_number, p.public_party, p.public_party_code,
                   p.public_date, p.published_at, p.period_last_day, v.content
            FROM publications p JOIN publication_versions v ON v.id = p.published_version_id
            \(Self.conjunction(filters)) ORDER BY p.public_date DESC, p.id DESC LIMIT \(bind: limit)
            """).all()
        return try rows.map { row in
            let version = try JSONCoding.decode(PublicationVersion.self, try row.decode(column: "content", as: String.self))
            return (try Self.publicItem(row), PublicContent.shown(version))
        }
    }

    static func publicItem(_ row: any SQLRow) throws -> PublicItem {
        PublicItem(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
            kind: PublicationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .powerItem,
            state: try row.decode(column: "state", as: String.self),
            title: try row.decode(column: "public_title", as: String?.self) ?? "",
            number: try row.decode(column: "public_number", as: String?.self),
            party: try row.decode(column: "public_party", as: String?.self),
            partyCode: try row.decode(column: "public_party_code", as: String?.self),
            date: try row.decode(column: "public_date", as: String?.self).flatMap(CivilDate.init(iso:)),
            publishedAt: try row.decode(column: "published_at", as: Int64?.self).map(Date.init(unixMilliseconds:)),
            publicityLastDay: try row.decode(column: "period_last_day", as: String?.self).flatMap(CivilDate.init(iso:)))
    }

    static func conjunction(_ filters: [any SQLExpression]) -> any SQLExpression {
        guard !filters.isEmpty else { return SQLRaw("") }
        var parts: [any SQLExpression] = [SQLRaw("WHERE ")]
        for (index, filter) in filters.enumerated() {
            if index > 0 { parts.append(SQLRaw(" AND ")) }
            parts.append(filter)
        }
        return SQLList(parts, separator: SQLRaw(""))
    }
}

extension PublicationState {
    /// The state from its stored slug and text (the reason of a withdrawal, the comment of a send-back).
    init?(slug: String, reason: String?) {
        switch slug {
        case "draft": self = .draft
        case "submitted": self = .submitted
        case "sent-back": self = .sentBack(comment: reason ?? "")
        case "approved": self = .approved
        case "published": self = .published
        case "corrected": self = .corrected
        case "withdrawn": self = .withdrawn(reason: reason ?? "")
        case "expired": self = .expired
        default: return nil
        }
    }
}
