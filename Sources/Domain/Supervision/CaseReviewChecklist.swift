import Foundation
import Ledger

/// 案卷评查 (SPEC R12, R13; issue 15 item 2): the checklist a reviewer works through for one closed
/// case, derived from what the case's records say, and its score. Pure: the service loads the
/// activities, their evidence and compliance findings and the case's obligations, and asks here.
///
/// Scoring (100 points). The weights are the bureau's own reading of the two rules, not a copy of a
/// published 评查标准 (none is adopted in the seed text); they follow the usual shape of provincial
/// 行政执法案卷评查标准 — documents first, then procedure, then time limits:
///
/// | group | SPEC | points | one item per |
/// |---|---|---|---|
/// | `documents` 文书规范 | R4 | 30 | activity: a text record exists and every document meets its template's required fields |
/// | `disclosure` 事中公示 | P6 | 20 | activity with a disclosure occasion: two certified officers, certificates shown, items told, documents issued |
/// | `recording` 音视频记录 | R5–R8 | 25 | activity with an R5 situation or media: mandatory video, coverage, gaps, notice, devices |
/// | `deadlines` 办理期限 | X2, P8, P9 | 15 | obligation of the case other than publishing the decision: met by its due day |
/// | `publication` 结果公示 | P7.1, P7.2 | 10 | decision publish duty of the case: met by its due day |
///
/// A group earns `weight × met / applicable`; a group with no applicable item earns its full weight
/// (nothing was required of the case there). The total is rounded to a whole point.
public enum ReviewItemGroup: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    case documents
    case disclosure
    case recording
    case deadlines
    case publication

    public var weight: Int {
        switch self {
        case .documents: 30
        case .disclosure: 20
        case .recording: 25
        case .deadlines: 15
        case .publication: 10
        }
    }

    public var chineseName: String {
        switch self {
        case .documents: "文书规范（R4）"
        case .disclosure: "事中公示（P6）"
        case .recording: "音视频记录（R5–R8）"
        case .deadlines: "办理期限（X2）"
        case .publication: "结果公示（P7）"
        }
    }
}

/// An item's finding: automatic, or as the reviewer confirmed or overrode it.
public enum ReviewOutcome: String, CaseIterable, Hashable, Sendable, Codable {
    case met
    case notMet = "not-met"
    case notApplicable = "not-applicable"

    public var chineseName: String {
        switch self {
        case .met: "符合"
        case .notMet: "不符合"
        case .notApplicable: "不适用"
        }
    }
}

/// One line of the checklist with its automatic finding and the evidence it rests on.
public struct ReviewItem: Hashable, Sendable, Codable {
    /// Stable within a case: `documents:<activity id>`, `deadline:<obligation id>` ….
    public var key: String
    public var group: ReviewItemGroup
    public var title: String
    public var automatic: ReviewOutcome
    /// What the automatic finding rests on, in Chinese (finding messages, due and met days).
    public var evidence: [String]

    public init(key: String, group: ReviewItemGroup, title: String, automatic: ReviewOutcome, evidence: [String]) {
        self.key = key
        self.group = group
        self.title = title
        self.automatic = automatic
        self.evidence = evidence
    }
}

/// One activity of the case as the checklist reads it.
public struct ReviewedActivity: Hashable, Sendable {
    public var activity: Activity
    public var evidence: ActivityEvidence
    public var findings: [ComplianceFinding]

    public init(activity: Activity, evidence: ActivityEvidence, findings: [ComplianceFinding]) {
        self.activity = activity
        self.evidence = evidence
        self.findings = findings
    }
}

public struct ReviewChecklist: Hashable, Sendable, Codable {
    public var items: [ReviewItem]

    public init(items: [ReviewItem]) {
        self.items = items
    }

    static let documentKinds: Set<ComplianceFinding.Kind> = [.textRecordMissing, .requiredFieldEmpty, .documentInvalid]
    static let disclosureKinds: Set<ComplianceFinding.Kind> = [
        .tooFewCertifiedOfficers, .certificatesNotShown, .rightsNotTold, .documentsIssuedNotRecorded, .issuedDocumentNotFound,
    ]
    static let recordingKinds: Set<ComplianceFinding.Kind> = [
        .mandatoryVideoMissing, .coverageIncomplete, .exemptionWithoutReason, .unexplainedGap, .noStartNotice,
        .recordingSessionInvalid, .deviceNotNamed, .deviceNotAssigned,
    ]
    static let publishKinds: Set<ObligationKind> = [.publishPenaltyDecision, .publishCoercionDecision, .publishLicensingDecision]

    /// The checklist of a case (SPEC R12): per activity (in the order given) a documents, a
    /// disclosure and a recording item; per obligation of the case a deadline or publication item.
    /// An obligation not met and not yet due on `today` is not applicable (it cannot be judged yet).
    public static func derive(activities: [ReviewedActivity], obligations: [Obligation], today: CivilDate) -> ReviewChecklist {
        var items: [ReviewItem] = []
        for (index, reviewed) in activities.enumerated() {
            let activity = reviewed.activity
            let id = activity.id.uuidString.lowercased()
            let name = "第\(index + 1)项执法活动（\(activity.kind.chineseName)，\(CivilDate(activity.startedAt).description)）"
            func item(_ group: ReviewItemGroup, _ kinds: Set<ComplianceFinding.Kind>, applicable: Bool, title: String, metEvidence: String) -> ReviewItem {
                let found = reviewed.findings.filter { kinds.contains($0.kind) }
                let outcome: ReviewOutcome = !applicable && found.isEmpty ? .notApplicable : (found.isEmpty ? .met : .notMet)
                let evidence = found.isEmpty ? [applicable ? metEvidence : "本项活动无此要求"] : found.map { "\($0.kind.chineseName)：\($0.message)" }
                return ReviewItem(key: "\(group.rawValue):\(id)", group: group, title: name + title, automatic: outcome, evidence: evidence)
            }
            let documents = reviewed.evidence.documents.count + reviewed.evidence.scannedPaperRecords
            items.append(item(.documents, documentKinds, applicable: true, title: "：文书齐全、必填项完整",
                              metEvidence: "文字记录 \(documents) 份，必填项均已填写"))
            items.append(item(.disclosure, disclosureKinds,
                              applicable: ComplianceCheck.disclosureOccasion(activity, reviewed.evidence) != nil,
                              title: "：出示证件、告知事由依据和权利义务",
                              metEvidence: "执法人员 \(activity.officerIDs.count) 名均出示证件，告知事项齐全"))
            let situations = DerivedSituations.applicable(activity, reviewed.evidence)
            let recordingApplies = !situations.isEmpty || !reviewed.evidence.sessions.isEmpty || !reviewed.evidence.mediaRecords.isEmpty
            items.append(item(.recording, recordingKinds, applicable: recordingApplies, title: "：音视频记录全程、连续、注明设备",
                              metEvidence: situations.isEmpty
                                ? "媒体记录 \(reviewed.evidence.mediaRecords.count) 份，符合要求"
                                : "应全程录像情形 \(situations.count) 项，录像符合要求"))
        }
        for obligation in obligations {
            let group: ReviewItemGroup = publishKinds.contains(obligation.kind) ? .publication : .deadlines
            let due = obligation.due.date
            var evidence = ["\(obligation.title)：触发日 \(obligation.triggerDate.description)，期限 \(obligation.due.chineseDescription)"]
            let outcome: ReviewOutcome
            if let metOn = obligation.metOn {
                evidence.append("完成日 \(metOn.description)")
                if let due, metOn > due {
                    outcome = .notMet
                    evidence.append("逾期完成")
                } else {
                    outcome = .met
                }
            } else if let due, today > due {
                outcome = .notMet
                evidence.append("截至 \(today.description) 仍未完成，已逾期")
            } else {
                outcome = .notApplicable
                evidence.append("尚未到期")
            }
            let prefix = group == .publication ? "publication" : "deadline"
            items.append(ReviewItem(
                key: "\(prefix):\(obligation.id.uuidString.lowercased())", group: group,
                title: "\(obligation.kind.chineseName)（\(obligation.specID)）", automatic: outcome, evidence: evidence))
        }
        return ReviewChecklist(items: items)
    }
}

/// The reviewer's word on one item: confirming the automatic finding, or overriding it with a reason.
public struct ReviewJudgement: Hashable, Sendable, Codable {
    public var key: String
    public var outcome: ReviewOutcome
    public var reason: String?

    public init(key: String, outcome: ReviewOutcome, reason: String? = nil) {
        self.key = key
        self.outcome = outcome
        self.reason = reason
    }
}

/// The score of a checklist as judged: per group and in total (see `ReviewItemGroup`).
public struct ReviewScore: Hashable, Sendable, Codable {
    public var total: Int
    public var byGroup: [ReviewItemGroup: Double]

    public init(total: Int, byGroup: [ReviewItemGroup: Double]) {
        self.total = total
        self.byGroup = byGroup
    }
}

/// The rules of a case review, pure (DomainTests).
public enum CaseReviewRules {
    public static let maxTextLength = 2000

    /// SPEC R13 ("nobody reviews their own case"): the reviewer is the officer of an activity of the
    /// case, or the account that opened the case, recorded one of its activities or entered one of
    /// its records.
    public static func isOwnCase(reviewer: StaffMember, officerIDs: Set<UUID>, enteredBy: Set<UUID>) -> Bool {
        if let officer = reviewer.officerID, officerIDs.contains(officer) { return true }
        return enteredBy.contains(reviewer.id)
    }

    /// The outcome of every item once the reviewer's judgements are applied, and every problem at
    /// once (keyed `item:<key>`): an override needs a reason; a judgement on an unknown item, or an
    /// item without any applicable outcome, is refused.
    public static func judged(_ checklist: ReviewChecklist, judgements: [ReviewJudgement]) -> (outcomes: [String: ReviewOutcome], reasons: [String: String], problems: [String: String]) {
        var outcomes = Dictionary(uniqueKeysWithValues: checklist.items.map { ($0.key, $0.automatic) })
        var reasons: [String: String] = [:]
        var problems: [String: String] = [:]
        let automatic = outcomes
        for judgement in judgements {
            guard let auto = automatic[judgement.key] else {
                problems["item:\(judgement.key)"] = "评查项不存在"
                continue
            }
            let reason = (judgement.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if judgement.outcome != auto && reason.isEmpty {
                problems["item:\(judgement.key)"] = "改变自动认定（\(auto.chineseName)→\(judgement.outcome.chineseName)）须说明理由"
            }
            if reason.count > maxTextLength { problems["item:\(judgement.key)"] = "理由不超过 \(maxTextLength) 字" }
            outcomes[judgement.key] = judgement.outcome
            if !reason.isEmpty { reasons[judgement.key] = reason }
        }
        return (outcomes, reasons, problems)
    }

    /// The score (see `ReviewItemGroup` for the weights).
    public static func score(_ checklist: ReviewChecklist, outcomes: [String: ReviewOutcome]) -> ReviewScore {
        var byGroup: [ReviewItemGroup: Double] = [:]
        for group in ReviewItemGroup.allCases {
            let judged = checklist.items.filter { $0.group == group }.map { outcomes[$0.key] ?? $0.automatic }
            let applicable = judged.filter { $0 != .notApplicable }
            let met = applicable.filter { $0 == .met }.count
            byGroup[group] = applicable.isEmpty ? Double(group.weight) : Double(group.weight) * Double(met) / Double(applicable.count)
        }
        let total = Int(byGroup.values.reduce(0, +).rounded())
        return ReviewScore(total: total, byGroup: byGroup)
    }

    /// The findings a review sends: one per item judged not met, with its evidence or the reviewer's
    /// reason, plus the reviewer's own further findings (blank lines dropped).
    public static func findings(_ checklist: ReviewChecklist, outcomes: [String: ReviewOutcome], reasons: [String: String], extra: [String]) -> [(itemKey: String?, text: String)] {
        var found: [(String?, String)] = []
        for item in checklist.items where outcomes[item.key] == .notMet {
            let basis = reasons[item.key] ?? item.evidence.joined(separator: "；")
            found.append((item.key, "\(item.title)不符合要求：\(basis)"))
        }
        for text in extra {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { found.append((nil, trimmed)) }
        }
        return found
    }

    /// The rectification deadline: the end of the `workdays`-th working day after the day the
    /// finding was sent (SPEC X1). Into a year whose holiday notice is not loaded yet (a review in
    /// December) it is a flagged estimate, shown as such, never a silent guess.
    public static func rectificationDue(sentOn: CivilDate, workdays: Int, calendar: StatutoryCalendar) throws(CalendarError) -> WorkdayResult {
        try calendar.addWorkdaysAllowingEstimate(sentOn, workdays)
    }
}
