import Foundation

/// The plain facts weak-spot statistics count (SPEC R12; issue 15 item 4). Each fact is one thing
/// that happened on one day, with the unit, the people and the enforcement kind it belongs to where
/// they are known. Persistence gathers them for a period; `WeakSpotTable` counts them by unit,
/// officer, enforcement kind or month. Nothing here reads a database.
public struct WeakSpotFacts: Hashable, Sendable {
    /// One compliance finding of an activity (SPEC R4–R8, P6, R14). A finding about one officer
    /// (`officerID` of the finding) counts for that officer only; any other for every officer of the
    /// act (the rule `ComplianceReport` follows).
    public struct Finding: Hashable, Sendable {
        public var on: CivilDate
        public var unitID: UUID?
        public var officerIDs: [UUID]
        public var kind: EnforcementKind?
        public var findingKind: ComplianceFinding.Kind

        public init(on: CivilDate, unitID: UUID?, officerIDs: [UUID], kind: EnforcementKind?, findingKind: ComplianceFinding.Kind) {
            self.on = on
            self.unitID = unitID
            self.officerIDs = officerIDs
            self.kind = kind
            self.findingKind = findingKind
        }
    }

    /// One interruption of a recording longer than the gap tolerance, explained or not (SPEC R7).
    public struct Gap: Hashable, Sendable {
        public var on: CivilDate
        public var unitID: UUID?
        public var officerIDs: [UUID]
        public var kind: EnforcementKind?
        public var explained: Bool

        public init(on: CivilDate, unitID: UUID?, officerIDs: [UUID], kind: EnforcementKind?, explained: Bool) {
            self.on = on
            self.unitID = unitID
            self.officerIDs = officerIDs
            self.kind = kind
            self.explained = explained
        }
    }

    /// One publicity duty due in the period that was met after its due day or is still overdue
    /// (SPEC P7, P9.3, P10): `on` is the due day; the person is the one the duty names.
    public struct LatePublication: Hashable, Sendable {
        public var on: CivilDate
        public var unitID: UUID?
        public var personID: UUID?
        public var kind: EnforcementKind?
        public var status: AccountabilityReport.Status

        public init(on: CivilDate, unitID: UUID?, personID: UUID?, kind: EnforcementKind?, status: AccountabilityReport.Status) {
            self.on = on
            self.unitID = unitID
            self.personID = personID
            self.kind = kind
            self.status = status
        }
    }

    /// A correction or withdrawal of a publication, or a citizen's correction request (SPEC P9).
    public struct PublicationChange: Hashable, Sendable {
        public enum Change: String, CaseIterable, Hashable, Sendable {
            /// P9.2: a written correction request received from the public form.
            case correctionRequest = "correction-request"
            /// P9.1: a published item corrected.
            case correction = "correction"
            /// P9.3: a published item taken down.
            case withdrawal = "withdrawal"

            public var chineseName: String {
                switch self {
                case .correctionRequest: "更正申请"
                case .correction: "公示更正"
                case .withdrawal: "公示撤下"
                }
            }
        }

        public var on: CivilDate
        public var unitID: UUID?
        public var personID: UUID?
        public var kind: EnforcementKind?
        public var change: Change

        public init(on: CivilDate, unitID: UUID?, personID: UUID?, kind: EnforcementKind?, change: Change) {
            self.on = on
            self.unitID = unitID
            self.personID = personID
            self.kind = kind
            self.change = change
        }
    }

    /// One SPEC R6 situation that occurred in an act (video optional), and whether the act was
    /// recorded on video (SPEC R12: how often officers chose to record).
    public struct OptionalSituation: Hashable, Sendable {
        public var on: CivilDate
        public var unitID: UUID?
        public var officerIDs: [UUID]
        public var kind: EnforcementKind?
        public var situation: OptionalRecordingSituation
        public var recorded: Bool

        public init(
            on: CivilDate, unitID: UUID?, officerIDs: [UUID], kind: EnforcementKind?, situation: OptionalRecordingSituation, recorded: Bool
        ) {
            self.on = on
            self.unitID = unitID
            self.officerIDs = officerIDs
            self.kind = kind
            self.situation = situation
            self.recorded = recorded
        }
    }

    public var findings: [Finding]
    public var gaps: [Gap]
    public var latePublications: [LatePublication]
    public var publicationChanges: [PublicationChange]
    public var optionalSituations: [OptionalSituation]
    /// Case-review scores (案卷评查, SPEC R12, R13), supplied by the case-review queries.
    public var reviewScores: [ReviewScoreFact]
    /// Complaints and reports by outcome (投诉举报, SPEC R13), supplied by the complaints queries.
    public var complaints: [ComplaintOutcomeFact]

    public init(
        findings: [Finding] = [], gaps: [Gap] = [], latePublications: [LatePublication] = [],
        publicationChanges: [PublicationChange] = [], optionalSituations: [OptionalSituation] = [],
        reviewScores: [ReviewScoreFact] = [], complaints: [ComplaintOutcomeFact] = []
    ) {
        self.findings = findings
        self.gaps = gaps
        self.latePublications = latePublications
        self.publicationChanges = publicationChanges
        self.optionalSituations = optionalSituations
        self.reviewScores = reviewScores
        self.complaints = complaints
    }
}

/// One reviewed case's score (案卷评查, SPEC R12, R13; issue 15 item 2). Defined here so that weak-spot
/// statistics can count scores before the case-review desk exists; its queries fill it.
public struct ReviewScoreFact: Hashable, Sendable {
    public var reviewedOn: CivilDate
    public var unitID: UUID
    /// The officers of the reviewed case's acts.
    public var officerIDs: [UUID]
    public var kind: EnforcementKind?
    /// The review's score (out of 100).
    public var score: Int
    /// Findings the review raised.
    public var findings: Int

    public init(reviewedOn: CivilDate, unitID: UUID, officerIDs: [UUID], kind: EnforcementKind?, score: Int, findings: Int) {
        self.reviewedOn = reviewedOn
        self.unitID = unitID
        self.officerIDs = officerIDs
        self.kind = kind
        self.score = score
        self.findings = findings
    }
}

/// One complaint or report and how it ended (投诉举报, SPEC R13; issue 15 item 3), as
/// `StoredSupervisionFacts` reads it from the complaints desk. The complainant is never part of it.
public struct ComplaintOutcomeFact: Hashable, Sendable {
    public var receivedOn: CivilDate
    /// The unit complained about, when known.
    public var unitID: UUID?
    /// The officer complained about, when one is named.
    public var officerID: UUID?
    public var kind: EnforcementKind?
    /// The outcome's Chinese name (e.g. 属实, 部分属实, 不属实); nil while not answered.
    public var outcome: String?
    /// Answered after its working-day deadline (or still open past it).
    public var answeredLate: Bool

    public init(receivedOn: CivilDate, unitID: UUID?, officerID: UUID?, kind: EnforcementKind?, outcome: String?, answeredLate: Bool) {
        self.receivedOn = receivedOn
        self.unitID = unitID
        self.officerID = officerID
        self.kind = kind
        self.outcome = outcome
        self.answeredLate = answeredLate
    }
}
