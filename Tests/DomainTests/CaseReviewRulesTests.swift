import Domain
import Foundation
import Testing

/// 案卷评查 rules without a database (issue 15 item 2; SPEC R12, R13, X1): the checklist derived
/// from an activity's evidence and the case's duties, the score, overrides, own-case refusal,
/// sampling strata and refusals, and the finding follow-up.
@Suite struct CaseReviewRulesTests {
    typealias F = RecordingFixtures

    static func reviewed(_ activity: Activity = F.activity(), evidence: ActivityEvidence = F.fullEvidence()) -> ReviewedActivity {
        ReviewedActivity(
            activity: activity, evidence: evidence,
            findings: ComplianceCheck.findings(activity: activity, officers: F.officers, evidence: evidence))
    }

    static func publishDuty(triggered: CivilDate, due: CivilDate, metOn: CivilDate?) -> Obligation {
        Obligation(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000e1")!, kind: .publishPenaltyDecision,
            subject: .decision(UUID(uuidString: "00000000-0000-0000-0000-0000000000e2")!), title: "普应急罚〔2026〕1号",
            triggerDate: triggered, due: .date(due),
            responsibility: Responsibility(unitID: F.unitID, unitName: "执法大队", personID: F.zhang.id, personName: "张三"),
            metOn: metOn)
    }

    @Test("R12: a fully recorded act meets every item; the case scores 100")
    func fullyRecorded() throws {
        let checklist = ReviewChecklist.derive(activities: [Self.reviewed()], obligations: [], today: F.date(2026, 12, 6))

        #expect(checklist.items.map(\.group) == [.documents, .disclosure, .recording])
        #expect(checklist.items.allSatisfy { $0.automatic == .met })
        let score = CaseReviewRules.score(checklist, outcomes: [:])
        #expect(score.total == 100)
    }

    @Test("R4, R5, P6: an empty required field, a missing mandatory video and an untold right are each not met, with the finding as evidence")
    func shortfalls() throws {
        var document = F.inspectionRecord()
        let required = try #require(DocumentTemplate.onSiteInspectionRecord.fields.first { $0.required })
        document.values[required.key] = ""
        var activity = F.activity(situations: [.coerciveMeasureOrEvidencePreservation])
        activity.checklist.rightsTold.remove(.hearing)
        let evidence = ActivityEvidence(documents: [document])

        let checklist = ReviewChecklist.derive(activities: [Self.reviewed(activity, evidence: evidence)], obligations: [], today: F.date(2026, 12, 6))

        let byGroup = Dictionary(uniqueKeysWithValues: checklist.items.map { ($0.group, $0) })
        #expect(byGroup[.documents]?.automatic == .notMet)
        #expect(byGroup[.documents]?.evidence.contains { $0.contains(required.label) } == true)
        #expect(byGroup[.disclosure]?.automatic == .notMet)
        #expect(byGroup[.disclosure]?.evidence.contains { $0.contains("听证") } == true)
        #expect(byGroup[.recording]?.automatic == .notMet)
        // 100 − 30 − 20 − 25: only the two empty groups (deadlines, publication) earn their points.
        #expect(CaseReviewRules.score(checklist, outcomes: [:]).total == 25)
    }

    @Test("R6: an inspection with no R5 situation and no media: recording is not applicable")
    func recordingNotApplicable() {
        let activity = F.activity(kind: .inspection)
        let checklist = ReviewChecklist.derive(activities: [Self.reviewed(activity, evidence: F.textOnlyEvidence())], obligations: [], today: F.date(2026, 12, 6))
        #expect(checklist.items.first { $0.group == .recording }?.automatic == .notApplicable)
    }

    @Test("P7.1, X2: a publish duty met late is not met, met on time is met, not yet due is not applicable, overdue is not met")
    func publicationOnTime() {
        let today = F.date(2026, 12, 6)
        func outcome(_ duty: Obligation) -> ReviewOutcome? {
            ReviewChecklist.derive(activities: [], obligations: [duty], today: today).items.first?.automatic
        }
        #expect(outcome(Self.publishDuty(triggered: F.date(2026, 11, 2), due: F.date(2026, 11, 11), metOn: F.date(2026, 11, 12))) == .notMet)
        #expect(outcome(Self.publishDuty(triggered: F.date(2026, 11, 2), due: F.date(2026, 11, 11), metOn: F.date(2026, 11, 11))) == .met)
        #expect(outcome(Self.publishDuty(triggered: F.date(2026, 12, 1), due: F.date(2026, 12, 10), metOn: nil)) == .notApplicable)
        #expect(outcome(Self.publishDuty(triggered: F.date(2026, 11, 2), due: F.date(2026, 11, 11), metOn: nil)) == .notMet)
        let item = ReviewChecklist.derive(activities: [], obligations: [Self.publishDuty(triggered: F.date(2026, 11, 2), due: F.date(2026, 11, 11), metOn: nil)], today: today).items[0]
        #expect(item.group == .publication && item.key.hasPrefix("publication:"))
    }

    @Test("R12: the reviewer may override an automatic finding only with a reason; the score and the findings follow the judgement")
    func overrides() throws {
        let checklist = ReviewChecklist.derive(activities: [Self.reviewed()], obligations: [], today: F.date(2026, 12, 6))
        let documents = try #require(checklist.items.first { $0.group == .documents })

        let silent = CaseReviewRules.judged(checklist, judgements: [ReviewJudgement(key: documents.key, outcome: .notMet)])
        #expect(silent.problems["item:\(documents.key)"] != nil)
        let unknown = CaseReviewRules.judged(checklist, judgements: [ReviewJudgement(key: "documents:nope", outcome: .met)])
        #expect(unknown.problems["item:documents:nope"] == "评查项不存在")

        let judged = CaseReviewRules.judged(checklist, judgements: [
            ReviewJudgement(key: documents.key, outcome: .notMet, reason: "检查记录未载明检查结论"),
        ])
        #expect(judged.problems.isEmpty)
        #expect(CaseReviewRules.score(checklist, outcomes: judged.outcomes).total == 70)
        let findings = CaseReviewRules.findings(checklist, outcomes: judged.outcomes, reasons: judged.reasons, extra: ["卷内目录缺失", "  "])
        #expect(findings.count == 2)
        #expect(findings[0].itemKey == documents.key && findings[0].text.contains("检查记录未载明检查结论"))
        #expect(findings[1].itemKey == nil && findings[1].text == "卷内目录缺失")
    }

    @Test("R13: an officer of the case, or whoever entered its records, may not review it")
    func ownCase() {
        let account = UUID()
        let officerAccount = StaffMember(id: account, role: .legalSection, officerID: F.zhang.id)
        #expect(CaseReviewRules.isOwnCase(reviewer: officerAccount, officerIDs: [F.zhang.id, F.li.id], enteredBy: []))
        let clerk = StaffMember(id: account, role: .legalSection)
        #expect(CaseReviewRules.isOwnCase(reviewer: clerk, officerIDs: [F.zhang.id], enteredBy: [account]))
        let stranger = StaffMember(id: UUID(), role: .legalSection, officerID: F.wangExpired.id)
        #expect(!CaseReviewRules.isOwnCase(reviewer: stranger, officerIDs: [F.zhang.id, F.li.id], enteredBy: [account]))
    }

    @Test("sampling: strata by unit and kind, ceil(share × n) each; share over 100 %, below 1 %, reversed or empty periods refused")
    func sampling() {
        let unitA = UUID(uuidString: "00000000-0000-0000-0000-00000000a001")!
        let unitB = UUID(uuidString: "00000000-0000-0000-0000-00000000a002")!
        var closed: [CaseReviewSampling.ClosedCase] = []
        for index in 0..<11 {
            closed.append(.init(caseID: UUID(), number: "A-\(index)", unitID: unitA, kind: .penalty, closedOn: F.date(2026, 10, 1 + index)))
        }
        closed.append(.init(caseID: UUID(), number: "B-1", unitID: unitB, kind: .inspection, closedOn: F.date(2026, 10, 5)))
        closed.append(.init(caseID: UUID(), number: "B-2", unitID: unitA, kind: .inspection, closedOn: F.date(2026, 12, 1)))

        let (strata, problems) = CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: .percent("10"))
        #expect(problems.isEmpty)
        #expect(strata.map(\.cases.count) == [11, 1])
        #expect(strata.map(\.count) == [2, 1])
        #expect(strata[0].poolName == "\(unitA.uuidString.lowercased()):penalty")

        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: .percent("101")).problems["share"] == "抽查比例不能超过 100%")
        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: .percent("0")).problems["share"] == "抽查比例须大于 0%")
        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 31), to: F.date(2026, 10, 1), share: .percent("10")).problems["to"] != nil)
        let empty = CaseReviewSampling.strata(closed: closed, from: F.date(2025, 1, 1), to: F.date(2025, 12, 31), share: .percent("10"))
        #expect(empty.strata.isEmpty && empty.problems["to"]?.contains("没有已结案的案件") == true)
        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: .percent("100")).strata.map(\.count) == [11, 1])
        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: .percent("0.5")).strata.map(\.count) == [1, 1])
        #expect(CaseReviewSampling.strata(closed: closed, from: F.date(2026, 10, 1), to: F.date(2026, 10, 31), share: DrawSize.percent("abc")).problems["share"] != nil)
        let pools = CaseReviewSampling.pools(strata)
        #expect(pools.map(\.name) == strata.map(\.poolName) && pools[0].count == 2 && pools[0].entries.count == 11)
        #expect(pools[0].entries.allSatisfy { UUID(uuidString: $0.key) != nil && $0.key == $0.key.lowercased() && $0.label.hasPrefix("A-") })
    }

    @Test("X1: the rectification deadline counts working days, skipping the National Day holiday")
    func rectificationDeadline() throws {
        let calendar = try StatutoryCalendar.bundled()
        // 2025-09-30 (Tue); 1–8 October are holidays, 28 September and 11 October adjusted working days.
        let due = try CaseReviewRules.rectificationDue(sentOn: F.date(2025, 9, 30), workdays: 15, calendar: calendar)
        #expect(due.date == F.date(2025, 10, 28) && !due.isEstimate)
        // Into a year whose notice is not loaded: a flagged estimate, not a silent guess.
        let late = try CaseReviewRules.rectificationDue(sentOn: F.date(2026, 12, 21), workdays: 15, calendar: calendar)
        #expect(late.isEstimate == !calendar.isCovered(F.date(2027, 1, 11)))
    }

    @Test("follow-up: answer, send back (new deadline), answer, close; overdue only while awaiting rectification")
    func followUp() {
        let finding = CaseReviewFinding(
            reviewID: UUID(), caseID: F.caseID, unitID: F.unitID, itemKey: nil, text: "卷内目录缺失",
            sentOn: F.date(2026, 11, 2), dueOn: F.date(2026, 11, 20))
        let by = UUID()
        var steps: [FindingStep] = []
        #expect(FindingState.of(finding, steps: steps).state == .awaitingRectification)
        #expect(FindingState.isOverdue(.awaitingRectification, dueOn: F.date(2026, 11, 20), today: F.date(2026, 11, 21)))
        #expect(!FindingState.isOverdue(.awaitingRectification, dueOn: F.date(2026, 11, 20), today: F.date(2026, 11, 20)))
        #expect(!FindingState.allows(.closed, after: .awaitingRectification))

        steps.append(FindingStep(findingID: finding.id, seq: 1, kind: .answered, text: "已补充目录", by: by, on: F.date(2026, 11, 10)))
        #expect(FindingState.of(finding, steps: steps).state == .awaitingAcceptance)
        #expect(!FindingState.isOverdue(.awaitingAcceptance, dueOn: F.date(2026, 11, 20), today: F.date(2026, 12, 1)))
        steps.append(FindingStep(findingID: finding.id, seq: 2, kind: .sentBack, text: "目录不全", dueOn: F.date(2026, 12, 4), by: by, on: F.date(2026, 11, 13)))
        let afterSendBack = FindingState.of(finding, steps: steps)
        #expect(afterSendBack.state == .awaitingRectification && afterSendBack.dueOn == F.date(2026, 12, 4))
        steps.append(FindingStep(findingID: finding.id, seq: 3, kind: .answered, text: "已补全", by: by, on: F.date(2026, 11, 20)))
        steps.append(FindingStep(findingID: finding.id, seq: 4, kind: .closed, text: "", by: by, on: F.date(2026, 11, 21)))
        #expect(FindingState.of(finding, steps: steps).state == .closed)
        #expect(!FindingState.allows(.answered, after: .closed) && !FindingState.allows(.sentBack, after: .closed))
    }
}
