import Domain
import FluentKit
import Foundation
import SQLKit

/// Read side of 案卷评查 (issue 15 item 2; SPEC R12, R13): the desk's lists, one review with its
/// findings and their steps, the closed cases a sample draws from, and the scores the weak-spot
/// statistics read (`scores(from:to:)`).
public struct CaseReviewQueries: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public init(database: any Database) {
        self.db = database
    }

    // MARK: Sampling

    /// Closed cases whose closing day is in `from…to`, with their unit and kind.
    public func closedCases(from: CivilDate, to: CivilDate) async throws -> [CaseReviewSampling.ClosedCase] {
        var closedOn: [UUID: CivilDate] = [:]
        for row in try await sql.raw("""
            SELECT case_id, closed_on FROM case_closures
            WHERE closed_on >= \(bind: from.description) AND closed_on <= \(bind: to.description)
            """).all() {
            if let id = UUID(uuidString: try row.decode(column: "case_id", as: String.self)),
               let day = CivilDate(iso: try row.decode(column: "closed_on", as: String.self)) {
                closedOn[id] = day
            }
        }
        guard !closedOn.isEmpty else { return [] }
        // `cases.id` is a UUID column and `case_closures.case_id` text: matched here, not in SQL.
        return try await CaseModel.query(on: db).filter(\.$id ~~ Array(closedOn.keys)).all().map { model in
            let enforcementCase = try model.domain()
            return CaseReviewSampling.ClosedCase(
                caseID: enforcementCase.id, number: enforcementCase.number, unitID: enforcementCase.unitID, kind: enforcementCase.kind,
                closedOn: closedOn[enforcementCase.id]!)
        }.sorted { ($0.number, $0.caseID.uuidString) < ($1.number, $1.caseID.uuidString) }
    }

    public struct SampleRow: Sendable, Hashable {
        public var id: UUID
        public var drawID: UUID
        public var from: CivilDate
        public var to: CivilDate
        /// The share in hundredths of a percent (1250 = 12.5 %).
        public var shareBasisPoints: Int
        public var strata: [CaseReviewSampling.Stratum]
        public var committedBy: UUID
        public var committedAt: Date
        public var ledgerIndex: UInt64
    }

    public func samples(offset: Int, limit: Int) async throws -> (rows: [SampleRow], total: Int) {
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM case_review_samples").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT * FROM case_review_samples ORDER BY committed_at DESC, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map(Self.sample)
        return (rows, total)
    }

    public func sample(_ id: UUID) async throws -> SampleRow? {
        try await sql.raw("SELECT * FROM case_review_samples WHERE id = \(bind: id.lowercased)").first().map(Self.sample)
    }

    static func sample(_ row: any SQLRow) throws -> SampleRow {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(uuidString: idText), let drawID = UUID(uuidString: try row.decode(column: "draw_id", as: String.self)),
              let from = CivilDate(iso: try row.decode(column: "period_from", as: String.self)),
              let to = CivilDate(iso: try row.decode(column: "period_to", as: String.self)),
              let by = UUID(uuidString: try row.decode(column: "committed_by", as: String.self)),
              let strata = try? JSONCoding.decoder.decode([CaseReviewSampling.Stratum].self, from: Data(try row.decode(column: "strata", as: String.self).utf8))
        else { throw PersistenceError.corruptRow(table: "case_review_samples", detail: idText) }
        return SampleRow(
            id: id, drawID: drawID, from: from, to: to, shareBasisPoints: Int(try row.decode(column: "share_basis_points", as: Int64.self)),
            strata: strata, committedBy: by, committedAt: Date(unixMilliseconds: try row.decode(column: "committed_at", as: Int64.self)),
            ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
    }

    // MARK: Reviews

    public struct ReviewRow: Sendable, Hashable {
        public var review: CaseReview
        public var caseNumber: String
        public var ledgerIndex: UInt64
    }

    public func review(caseID: UUID) async throws -> ReviewRow? {
        try await reviews(where: "r.case_id = \(bind: caseID.lowercased)", offset: 0, limit: 1).rows.first
    }

    public func review(_ id: UUID) async throws -> ReviewRow? {
        try await reviews(where: "r.id = \(bind: id.lowercased)", offset: 0, limit: 1).rows.first
    }

    /// The cases reviewed so far.
    public func reviewedCaseIDs() async throws -> Set<UUID> {
        Set(try await sql.raw("SELECT case_id FROM case_reviews").all().compactMap { UUID(uuidString: try $0.decode(column: "case_id", as: String.self)) })
    }

    /// Reviews, newest first; `search` matches the case number (a substring).
    public func reviews(search: String?, offset: Int, limit: Int) async throws -> (rows: [ReviewRow], total: Int) {
        let term = (search ?? "").trimmingCharacters(in: .whitespaces)
        guard !term.isEmpty else { return try await reviews(where: "1 = 1", offset: offset, limit: limit) }
        return try await reviews(where: "r.case_number LIKE \(bind: "%" + Self.escapeLike(term) + "%") ESCAPE '!'", offset: offset, limit: limit)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
    }

    func reviews(where condition: SQLQueryString, offset: Int, limit: Int) async throws -> (rows: [ReviewRow], total: Int) {
        let from: SQLQueryString = "FROM case_reviews r WHERE " + condition
        let total = try await sql.raw("SELECT COUNT(*) AS n " + from).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT r.content, r.ledger_index, r.case_number \(from) ORDER BY r.reviewed_at DESC, r.id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map { row in
                guard let review = try? JSONCoding.decoder.decode(CaseReview.self, from: Data(try row.decode(column: "content", as: String.self).utf8)) else {
                    throw PersistenceError.corruptRow(table: "case_reviews", detail: "content")
                }
                return ReviewRow(review: review, caseNumber: try row.decode(column: "case_number", as: String.self),
                                 ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
            }
        return (rows, total)
    }

    // MARK: Findings

    /// A finding with its steps, the state they lead to and the deadline in force.
    public struct FindingRow: Sendable, Hashable {
        public var finding: CaseReviewFinding
        public var caseNumber: String
        public var steps: [FindingStep]
        public var state: FindingState
        public var dueOn: CivilDate
        public var dueEstimated: Bool
        public var ledgerIndex: UInt64

        public func isOverdue(today: CivilDate) -> Bool { FindingState.isOverdue(state, dueOn: dueOn, today: today) }
    }

    public func finding(_ id: UUID) async throws -> FindingRow? {
        try await findings(where: "f.id = \(bind: id.lowercased)").first
    }

    public func findings(reviewID: UUID) async throws -> [FindingRow] {
        try await findings(where: "f.review_id = \(bind: reviewID.lowercased)")
    }

    /// The findings sent to `unitID` (nil: every unit), oldest first.
    public func findings(unitID: UUID?) async throws -> [FindingRow] {
        guard let unitID else { return try await findings(where: "1 = 1") }
        return try await findings(where: "f.unit_id = \(bind: unitID.lowercased)")
    }

    /// Findings not closed whose deadline ended before `today`.
    public func overdue(today: CivilDate) async throws -> [FindingRow] {
        try await findings(where: "f.id NOT IN (SELECT finding_id FROM case_review_finding_steps WHERE step = 'closed')")
            .filter { $0.isOverdue(today: today) }
    }

    func findings(where condition: SQLQueryString) async throws -> [FindingRow] {
        let rows = try await sql.raw("SELECT f.* FROM case_review_findings f WHERE " + condition + " ORDER BY f.sent_at, f.ledger_index").all()
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var steps: [String: [FindingStep]] = [:]
        if !ids.isEmpty {
            let list = SQLList(ids.map { SQLBind($0) })
            for row in try await sql.raw("SELECT * FROM case_review_finding_steps WHERE finding_id IN (\(list)) ORDER BY seq").all() {
                let step = try Self.step(row)
                steps[step.findingID.lowercased, default: []].append(step)
            }
        }
        return try rows.map { row in
            let idText = try row.decode(column: "id", as: String.self)
            guard let id = UUID(uuidString: idText),
                  let reviewID = UUID(uuidString: try row.decode(column: "review_id", as: String.self)),
                  let caseID = UUID(uuidString: try row.decode(column: "case_id", as: String.self)),
                  let unitID = UUID(uuidString: try row.decode(column: "unit_id", as: String.self)),
                  let sentOn = CivilDate(iso: try row.decode(column: "sent_on", as: String.self)),
                  let dueOn = CivilDate(iso: try row.decode(column: "due_on", as: String.self)) else {
                throw PersistenceError.corruptRow(table: "case_review_findings", detail: idText)
            }
            let finding = CaseReviewFinding(
                id: id, reviewID: reviewID, caseID: caseID, unitID: unitID, itemKey: try row.decode(column: "item_key", as: String?.self),
                text: try row.decode(column: "text", as: String.self), sentOn: sentOn, dueOn: dueOn,
                dueEstimated: try row.decode(column: "due_estimated", as: Int64.self) != 0)
            let taken = steps[idText] ?? []
            let (state, due, estimated) = FindingState.of(finding, steps: taken)
            return FindingRow(
                finding: finding, caseNumber: try row.decode(column: "case_number", as: String.self), steps: taken, state: state, dueOn: due,
                dueEstimated: estimated,
                ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
        }
    }

    static func step(_ row: any SQLRow) throws -> FindingStep {
        let idText = try row.decode(column: "finding_id", as: String.self)
        guard let id = UUID(uuidString: idText),
              let kind = FindingStep.Kind(rawValue: try row.decode(column: "step", as: String.self)),
              let by = UUID(uuidString: try row.decode(column: "by_user", as: String.self)),
              let on = CivilDate(iso: try row.decode(column: "on_day", as: String.self)),
              let records = try? JSONCoding.decoder.decode([String].self, from: Data(try row.decode(column: "record_ids", as: String.self).utf8))
        else { throw PersistenceError.corruptRow(table: "case_review_finding_steps", detail: idText) }
        return FindingStep(
            findingID: id, seq: Int(try row.decode(column: "seq", as: Int64.self)), kind: kind, text: try row.decode(column: "text", as: String.self),
            recordIDs: records.compactMap(UUID.init(uuidString:)),
            dueOn: try row.decode(column: "due_on", as: String?.self).flatMap { CivilDate(iso: $0) },
            dueEstimated: try row.decode(column: "due_estimated", as: Int64.self) != 0, by: by, on: on)
    }

    // MARK: Weak-spot statistics (issue 15 item 4)

    /// One submitted review as the weak-spot statistics count it (SPEC R12).
    public struct ScoreRow: Sendable, Hashable {
        public var reviewedOn: CivilDate
        public var caseID: UUID
        public var unitID: UUID
        /// The officers of every activity of the case (directory ids), sorted.
        public var officerIDs: [UUID]
        public var enforcementKind: EnforcementKind
        /// 0–100.
        public var score: Int
        public var findingsCount: Int
        /// Every finding of the review closed (true when it had none).
        public var rectified: Bool
    }

    /// Reviews submitted from `from` to `to` (inclusive, by review day), oldest first.
    public func scores(from: CivilDate, to: CivilDate) async throws -> [ScoreRow] {
        let rows = try await sql.raw("""
            SELECT r.id, r.case_id, r.unit_id, r.kind, r.reviewed_on, r.score,
                (SELECT COUNT(*) FROM case_review_findings f WHERE f.review_id = r.id) AS findings,
                (SELECT COUNT(*) FROM case_review_findings f WHERE f.review_id = r.id
                    AND f.id NOT IN (SELECT s.finding_id FROM case_review_finding_steps s WHERE s.step = 'closed')) AS open_findings
            FROM case_reviews r
            WHERE r.reviewed_on >= \(bind: from.description) AND r.reviewed_on <= \(bind: to.description)
            ORDER BY r.reviewed_on, r.reviewed_at, r.id
            """).all()
        var result: [ScoreRow] = []
        for row in rows {
            let idText = try row.decode(column: "id", as: String.self)
            guard let caseID = UUID(uuidString: try row.decode(column: "case_id", as: String.self)),
                  let unitID = UUID(uuidString: try row.decode(column: "unit_id", as: String.self)),
                  let kind = EnforcementKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let reviewedOn = CivilDate(iso: try row.decode(column: "reviewed_on", as: String.self)) else {
                throw PersistenceError.corruptRow(table: "case_reviews", detail: idText)
            }
            let officers = try await ActivityOfficerModel.query(on: db)
                .join(ActivityModel.self, on: \ActivityOfficerModel.$activityID == \ActivityModel.$id)
                .filter(ActivityModel.self, \.$caseID == caseID).all().map(\.officerID)
            result.append(ScoreRow(
                reviewedOn: reviewedOn, caseID: caseID, unitID: unitID, officerIDs: Array(Set(officers)).sorted { $0.uuidString < $1.uuidString },
                enforcementKind: kind, score: Int(try row.decode(column: "score", as: Int64.self)),
                findingsCount: try row.decode(column: "findings", as: Int.self),
                rectified: try row.decode(column: "open_findings", as: Int.self) == 0))
        }
        return result
    }
}
