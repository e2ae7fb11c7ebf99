import Domain
import FluentKit
import Foundation
import Persistence

/// 案卷评查 (issue 15 item 2; SPEC R12, R13): sampling closed cases with the shared verifiable draw,
/// the checklist of one closed case built from its records, the reviewer's score and findings, the
/// findings sent to the responsible unit with a working-day deadline (SPEC X1), and the follow-up
/// until each finding is closed. Every step is an insert-only row and a ledger event (SPEC X3).
/// Who may take a step is the door's `Action` check; the rules that depend on the case (nobody
/// reviews their own case; a unit answers only its own findings) are checked here.
public struct CaseReviewService: Sendable {
    /// Working days a unit has to rectify a finding, counted from the day it was sent (and again
    /// from the day it was sent back). `AppConfig.caseReviewRectificationWorkdays`.
    public static let defaultRectificationWorkdays = 15

    let context: ServiceContext
    let rectificationWorkdays: Int

    public init(_ context: ServiceContext, rectificationWorkdays: Int = CaseReviewService.defaultRectificationWorkdays) {
        self.context = context
        self.rectificationWorkdays = rectificationWorkdays
    }

    var queries: CaseReviewQueries { CaseReviewQueries(database: context.database) }
    var store: CaseReviewStore { CaseReviewStore(ledger: context.ledger) }

    // MARK: Sampling

    /// Draws a sample of the cases closed from `from` to `to` (issue 15 item 2): strata by unit and
    /// kind, `ceil(share × n)` from each, committed to the shared verifiable draw (one pool per
    /// stratum, `DrawPurpose.caseReview`) with the parties' secret digests, then recorded as
    /// `case_review.sampled`. The parties reveal and the draw is run on the draw's own pages; the
    /// selection is the draw's outcome. Refuses, with every reason at once, a share over 100 % or
    /// not above 0, dates that are not dates or out of order, and a period with no closed case; the
    /// draw refuses fewer than two parties and malformed digests.
    public func sample(
        from fromText: String, to toText: String, share shareText: String, parties: [DrawPartyCommitment], by staff: StaffMember
    ) async throws -> (sampleID: UUID, drawID: UUID, strata: [CaseReviewSampling.Stratum]) {
        let from = CivilDate(iso: fromText.trimmingCharacters(in: .whitespaces))
        let to = CivilDate(iso: toText.trimmingCharacters(in: .whitespaces))
        let share = DrawSize.percent(shareText.replacingOccurrences(of: "%", with: ""))
        let closed = if let from, let to { try await queries.closedCases(from: from, to: to) } else { [CaseReviewSampling.ClosedCase]() }
        let (strata, problems) = CaseReviewSampling.strata(closed: closed, from: from, to: to, share: share)
        guard problems.isEmpty, let from, let to, case .basisPoints(let points)? = share else {
            throw ServiceRefusal.invalid("invalid-case-review-sample", problems.values.sorted().joined(separator: "；"), errors: problems)
        }
        let percent = points % 100 == 0 ? "\(points / 100)" : String(format: "%.2f", Double(points) / 100)
        let drawID = try await commitDraw(
            strata, title: "案卷评查抽样（\(from.chinese)至\(to.chinese)结案，\(percent)%）", parties: parties, by: staff)
        let sampleID = UUID()
        try await store.sample(
            id: sampleID, drawID: drawID, from: from, to: to, shareBasisPoints: points, strata: strata, by: staff.id,
            at: context.clock.nowSeconds)
        return (sampleID, drawID, strata)
    }

    /// The one place the shared verifiable draw is committed (issue 15 item 1, `DrawService`).
    func commitDraw(_ strata: [CaseReviewSampling.Stratum], title: String, parties: [DrawPartyCommitment], by staff: StaffMember) async throws -> UUID {
        try await DrawService(context: context).commit(
            purpose: .caseReview, title: title, pools: CaseReviewSampling.pools(strata), parties: parties, by: staff)
    }

    /// The cases a completed sample's draw selected (nil while the draw has not been run).
    public func drawnCases(_ sample: CaseReviewQueries.SampleRow) async throws -> [UUID]? {
        guard let outcome = try await DrawService(context: context).outcome(drawID: sample.drawID) else { return nil }
        return outcome.selected.values.flatMap { $0.compactMap { UUID(uuidString: $0.key) } }
    }

    /// The newest sample whose completed draw selected `caseID`.
    func sample(drawing caseID: UUID) async throws -> UUID? {
        var offset = 0
        while true {
            let (rows, total) = try await queries.samples(offset: offset, limit: 50)
            for row in rows where row.strata.contains(where: { $0.cases.contains { $0.caseID == caseID } }) {
                if try await drawnCases(row)?.contains(caseID) == true { return row.id }
            }
            offset += rows.count
            if rows.isEmpty || offset >= total { return nil }
        }
    }

    // MARK: The checklist

    /// The checklist of a closed case as the records give it today; refused for a case not closed.
    public func checklist(caseID: UUID) async throws -> (enforcementCase: EnforcementCase, checklist: ReviewChecklist) {
        let enforcementCase = try await CaseService(context).enforcementCase(caseID)
        guard try await ArchiveQueries(database: context.database).closure(caseID) != nil else {
            throw ServiceRefusal(.conflict, type: "case-not-closed", detail: "案件尚未结案，结案后才能评查。")
        }
        let db = context.database
        let activityQueries = ActivityQueries(database: db)
        let caseService = CaseService(context)
        var reviewed: [ReviewedActivity] = []
        for model in try await ActivityModel.query(on: db).filter(\.$caseID == caseID).sort(\.$startedAt).sort(\.$id).all() {
            let activity = try model.domain()
            reviewed.append(ReviewedActivity(
                activity: activity, evidence: try await activityQueries.evidence(activityID: activity.id),
                findings: try await caseService.complianceFindings(activity)))
        }
        // SPEC X2: the duties of the case's decisions (a duty's subject is the decision's first version).
        let obligationQueries = ObligationQueries(database: db)
        var obligations: [Obligation] = []
        var seen: Set<UUID> = []
        for record in try await RecordModel.query(on: db).filter(\.$caseID == caseID).sort(\.$createdAt).all().map({ try $0.domain() })
        where DecisionDocument.isDecision(record) {
            for obligation in try await obligationQueries.all(subject: .decision(record.id)) where seen.insert(obligation.id).inserted {
                obligations.append(obligation)
            }
        }
        return (enforcementCase, ReviewChecklist.derive(activities: reviewed, obligations: obligations, today: context.clock.today))
    }

    /// SPEC R13: whether `staff` handled, entered or closed anything of the case.
    public func isOwnCase(_ caseID: UUID, staff: StaffMember) async throws -> Bool {
        let db = context.database
        var officers: Set<UUID> = []
        var entered: Set<UUID> = []
        if let model = try await CaseModel.find(caseID, on: db) { entered.insert(model.createdBy) }
        if let closure = try await ArchiveQueries(database: db).closure(caseID)?.closure { entered.insert(closure.closedBy) }
        for model in try await ActivityModel.query(on: db).filter(\.$caseID == caseID).all() {
            entered.insert(model.createdBy)
            officers.formUnion(try model.domain().officerIDs)
        }
        for model in try await RecordModel.query(on: db).filter(\.$caseID == caseID).all() { entered.insert(model.createdBy) }
        return CaseReviewRules.isOwnCase(reviewer: staff, officerIDs: officers, enteredBy: entered)
    }

    static let ownCase = ServiceRefusal(
        .forbidden, type: "own-case-review", detail: "您参与办理或录入过本案，不能评查本人办理的案件。")
    static let alreadyReviewed = ServiceRefusal(.conflict, type: "case-already-reviewed", detail: "该案件已经评查，不能重复评查。")

    // MARK: Submitting a review

    public struct Submission: Sendable {
        public var judgements: [ReviewJudgement]
        /// Findings the reviewer adds beyond the checklist, one per entry.
        public var extraFindings: [String]
        public var comment: String

        public init(judgements: [ReviewJudgement] = [], extraFindings: [String] = [], comment: String = "") {
            self.judgements = judgements
            self.extraFindings = extraFindings
            self.comment = comment
        }
    }

    /// Submits the review of a closed case: the checklist derived again now, the judgements applied,
    /// the score, and every finding sent to the case's unit with its deadline — one transaction.
    public func submit(caseID: UUID, _ submission: Submission, by reviewer: StaffMember) async throws -> (review: CaseReview, findings: [CaseReviewFinding]) {
        try reviewer.require(.reviewCases)
        let (enforcementCase, checklist) = try await checklist(caseID: caseID)
        if try await isOwnCase(caseID, staff: reviewer) { throw Self.ownCase }
        if try await queries.review(caseID: caseID) != nil { throw Self.alreadyReviewed }
        var (outcomes, reasons, problems) = CaseReviewRules.judged(checklist, judgements: submission.judgements)
        let comment = submission.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > CaseReviewRules.maxTextLength { problems["comment"] = "评查意见不超过 \(CaseReviewRules.maxTextLength) 字" }
        if submission.extraFindings.contains(where: { $0.count > CaseReviewRules.maxTextLength }) {
            problems["extraFindings"] = "每条问题不超过 \(CaseReviewRules.maxTextLength) 字"
        }
        guard problems.isEmpty else { throw ServiceRefusal.invalid("invalid-case-review", "评查表有误，请按提示修改。", errors: problems) }

        let today = context.clock.today
        let due = try dueDay(from: today)
        let score = CaseReviewRules.score(checklist, outcomes: outcomes)
        let sampleID = try await sample(drawing: caseID)
        let review = CaseReview(
            caseID: caseID, sampleID: sampleID, unitID: enforcementCase.unitID, kind: enforcementCase.kind, reviewedOn: today,
            reviewerID: reviewer.id, checklist: checklist,
            judgements: submission.judgements.map { ReviewJudgement(key: $0.key, outcome: $0.outcome, reason: reasons[$0.key]) },
            outcomes: outcomes, score: score.total, comment: comment)
        let findings = CaseReviewRules.findings(checklist, outcomes: outcomes, reasons: reasons, extra: submission.extraFindings).map {
            CaseReviewFinding(
                reviewID: review.id, caseID: caseID, unitID: enforcementCase.unitID, itemKey: $0.itemKey, text: $0.text, sentOn: today,
                dueOn: due.date, dueEstimated: due.isEstimate)
        }
        do {
            try await store.submit(review, caseNumber: enforcementCase.number, findings: findings, at: context.clock.nowSeconds)
        } catch CaseReviewStoreError.alreadyReviewed {
            throw Self.alreadyReviewed
        }
        return (review, findings)
    }

    /// The end of the rectification period that starts on `day` (SPEC X1): a flagged estimate when
    /// it runs into a year whose holiday notice is not loaded yet.
    func dueDay(from day: CivilDate) throws -> WorkdayResult {
        do {
            return try CaseReviewRules.rectificationDue(sentOn: day, workdays: rectificationWorkdays, calendar: context.calendar)
        } catch {
            throw ServiceRefusal.invalid("invalid-rectification-period", "整改期限超出可计算的范围。")
        }
    }

    // MARK: Follow-up

    /// The unit's rectification (整改情况): only the responsible unit answers, only while the finding
    /// awaits rectification; linked records must belong to the case.
    public func answer(findingID: UUID, text: String, recordIDs: [UUID] = [], by staff: StaffMember) async throws -> FindingStep {
        try staff.require(.answerReviewFindings)
        let row = try await finding(findingID)
        guard staff.unitID == row.finding.unitID else {
            throw ServiceRefusal(.forbidden, type: "not-responsible-unit", detail: "只有被评查案件的承办单位可以报送整改情况。")
        }
        var problems: [String: String] = [:]
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { problems["text"] = "请填写整改情况" }
        if trimmed.count > CaseReviewRules.maxTextLength { problems["text"] = "整改情况不超过 \(CaseReviewRules.maxTextLength) 字" }
        for id in recordIDs {
            guard let record = try await RecordModel.find(id, on: context.database), record.caseID == row.finding.caseID else {
                problems["recordIds"] = "关联的记录不属于本案"
                break
            }
        }
        guard problems.isEmpty else { throw ServiceRefusal.invalid("invalid-rectification", "整改情况有误，请按提示修改。", errors: problems) }
        return try await take(.answered, on: row, text: trimmed, recordIDs: recordIDs, due: nil, by: staff)
    }

    /// The legal section accepts the rectification: the finding is closed (销号).
    public func close(findingID: UUID, comment: String, by staff: StaffMember) async throws -> FindingStep {
        try staff.require(.reviewCases)
        let row = try await finding(findingID)
        // Accepting the rectification of one's own case is reviewing it (SPEC R13).
        if try await isOwnCase(row.finding.caseID, staff: staff) { throw Self.ownCase }
        let trimmed = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > CaseReviewRules.maxTextLength {
            throw ServiceRefusal.invalid("invalid-finding-step", "意见过长。", errors: ["comment": "不超过 \(CaseReviewRules.maxTextLength) 字"])
        }
        return try await take(.closed, on: row, text: trimmed, recordIDs: [], due: nil, by: staff)
    }

    /// The legal section sends the rectification back, with its reason and a new deadline counted
    /// from today.
    public func sendBack(findingID: UUID, reason: String, by staff: StaffMember) async throws -> FindingStep {
        try staff.require(.reviewCases)
        let row = try await finding(findingID)
        if try await isOwnCase(row.finding.caseID, staff: staff) { throw Self.ownCase }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String: String] = [:]
        if trimmed.isEmpty { problems["comment"] = "退回须说明理由" }
        if trimmed.count > CaseReviewRules.maxTextLength { problems["comment"] = "不超过 \(CaseReviewRules.maxTextLength) 字" }
        guard problems.isEmpty else { throw ServiceRefusal.invalid("invalid-finding-step", "退回须说明理由。", errors: problems) }
        return try await take(.sentBack, on: row, text: trimmed, recordIDs: [], due: try dueDay(from: context.clock.today), by: staff)
    }

    public func finding(_ id: UUID) async throws -> CaseReviewQueries.FindingRow {
        guard let row = try await queries.finding(id) else { throw ServiceRefusal.notFound("评查问题不存在。") }
        return row
    }

    private func take(
        _ kind: FindingStep.Kind, on row: CaseReviewQueries.FindingRow, text: String, recordIDs: [UUID], due: WorkdayResult?, by staff: StaffMember
    ) async throws -> FindingStep {
        guard FindingState.allows(kind, after: row.state) else {
            throw ServiceRefusal(.conflict, type: "finding-step-not-allowed", detail: "该问题当前状态为“\(row.state.chineseName)”，不能\(kind.verb)。")
        }
        let step = FindingStep(
            findingID: row.finding.id, seq: row.steps.count + 1, kind: kind, text: text, recordIDs: recordIDs, dueOn: due?.date, dueEstimated: due?.isEstimate ?? false, by: staff.id,
            on: context.clock.today)
        do {
            try await store.step(step, at: context.clock.nowSeconds)
        } catch CaseReviewStoreError.stepRaced {
            throw ServiceRefusal(.conflict, type: "finding-step-not-allowed", detail: "该问题刚被他人处理，请刷新后重试。")
        }
        return step
    }
}
