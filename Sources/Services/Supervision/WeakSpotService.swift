import Domain
import FluentKit
import Foundation
import Persistence

/// Where case-review scores and complaint outcomes come from (issue 15 items 2, 3):
/// `StoredSupervisionFacts` reads the desks' rows; `GivenSupervisionFacts` takes rows already made.
public protocol SupervisionFactSource: Sendable {
    /// Reviews completed in `from…to` (Asia/Shanghai days, inclusive).
    func reviewScores(from: CivilDate, to: CivilDate) async throws -> [ReviewScoreFact]
    /// Complaints and reports received in `from…to`.
    func complaintOutcomes(from: CivilDate, to: CivilDate) async throws -> [ComplaintOutcomeFact]
}

/// The reviews submitted and the complaints received in the period, as the case-review and
/// complaints desks stored them. A complaint still open past its due day counts as late.
public struct StoredSupervisionFacts: SupervisionFactSource {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func reviewScores(from: CivilDate, to: CivilDate) async throws -> [ReviewScoreFact] {
        try await CaseReviewQueries(database: context.database).scores(from: from, to: to).map { row in
            ReviewScoreFact(
                reviewedOn: row.reviewedOn, unitID: row.unitID, officerIDs: row.officerIDs, kind: row.enforcementKind,
                score: row.score, findings: row.findingsCount)
        }
    }

    public func complaintOutcomes(from: CivilDate, to: CivilDate) async throws -> [ComplaintOutcomeFact] {
        let today = context.clock.today
        return try await ComplaintQueries(database: context.database).outcomes(from: from, to: to).map { row in
            let overdue = row.answeredOn == nil && row.dueOn.map { today > $0 } == true
            return ComplaintOutcomeFact(
                receivedOn: row.receivedOn, unitID: row.unitID, officerID: row.officerID, kind: row.enforcementKind,
                outcome: row.outcome?.chineseName, answeredLate: row.answeredLate || overdue)
        }
    }
}

/// Facts already gathered (the CLI, a merge that reads reviews and complaints elsewhere, tests).
public struct GivenSupervisionFacts: SupervisionFactSource {
    public let reviews: [ReviewScoreFact]
    public let complaints: [ComplaintOutcomeFact]

    public init(reviews: [ReviewScoreFact], complaints: [ComplaintOutcomeFact]) {
        self.reviews = reviews
        self.complaints = complaints
    }

    public func reviewScores(from: CivilDate, to: CivilDate) async throws -> [ReviewScoreFact] {
        reviews.filter { from <= $0.reviewedOn && $0.reviewedOn <= to }
    }

    public func complaintOutcomes(from: CivilDate, to: CivilDate) async throws -> [ComplaintOutcomeFact] {
        complaints.filter { from <= $0.receivedOn && $0.receivedOn <= to }
    }
}

/// Weak-spot statistics (SPEC R12; issue 15 item 4): gathers the facts of a period and counts them
/// by unit, officer, enforcement kind or month (`WeakSpotTable`). Where each figure comes from:
/// - compliance findings: `ComplianceCheck` over the acts that started in the period, with the
///   configured tolerances (the judgement every door uses; SPEC R4–R8, P6);
/// - recording gaps: every interruption longer than the gap tolerance in the latest version of each
///   recording session of those acts, explained when an `InterruptionExplanation` names it (R7);
/// - late publications: publicity duties due in the period, met after their due day or still
///   overdue today (`AccountabilityReport`; P7, P9.3, P10);
/// - corrections and withdrawals: correction requests received (P9.2), and `corrected` (P9.1) and
///   `withdrawn` (P9.3) publication steps in the period;
/// - optional situations: the R6 situations of those acts, recorded when the act has a video
///   session or a video record;
/// - review scores and complaints: from `supervision` (issue 15 items 2, 3).
public struct WeakSpotService: Sendable {
    /// The facts of a period with the names their rows are labelled with.
    public struct Report: Sendable {
        public let from: CivilDate
        public let to: CivilDate
        public let facts: WeakSpotFacts
        /// Units and officers by id.
        public let names: [UUID: String]

        public func table(_ dimension: WeakSpotTable.Dimension) -> WeakSpotTable {
            WeakSpotTable(facts: facts, dimension: dimension, names: names, from: from, to: to)
        }
    }

    let context: ServiceContext
    let supervision: any SupervisionFactSource

    /// `supervision` replaces the stored reviews and complaints (tests; a what-if report).
    public init(_ context: ServiceContext, supervision: (any SupervisionFactSource)? = nil) {
        self.context = context
        self.supervision = supervision ?? StoredSupervisionFacts(context)
    }

    /// The facts of `from…to` (inclusive, at most a year).
    public func report(from: CivilDate, to: CivilDate) async throws -> Report {
        guard from <= to, from.adding(days: 366) >= to else {
            throw ServiceRefusal.malformed("invalid-range", "统计区间应为起始不晚于截止、且不超过一年。")
        }
        let db = context.database
        let queries = WeakSpotQueries(database: db)
        let tolerances = context.recordingTolerances
        var facts = WeakSpotFacts()
        var names: [UUID: String] = [:]

        for item in try await queries.activities(from: from, to: to) {
            let activity = item.activity
            let unitID = item.enforcementCase?.unitID
            for officer in item.officers { names[officer.id] = officer.name }
            for finding in ComplianceCheck.findings(activity: activity, officers: item.officers, evidence: item.evidence, tolerances: tolerances) {
                // A finding about one officer counts for that officer only (as `ComplianceReport`).
                facts.findings.append(.init(
                    on: activity.date, unitID: unitID, officerIDs: finding.officerID.map { [$0] } ?? activity.officerIDs,
                    kind: activity.kind, findingKind: finding.kind))
            }
            for session in item.evidence.sessions {
                for gap in session.gaps(tolerance: tolerances.gap) {
                    facts.gaps.append(.init(
                        on: activity.date, unitID: unitID, officerIDs: activity.officerIDs, kind: activity.kind,
                        explained: session.explanation(forGapAfter: gap.afterSegment) != nil))
                }
            }
            let recorded = item.evidence.hasVideoSession || item.evidence.mediaKinds.contains(.video)
            for situation in activity.optionalSituations.sorted() {
                facts.optionalSituations.append(.init(
                    on: activity.date, unitID: unitID, officerIDs: activity.officerIDs, kind: activity.kind,
                    situation: situation, recorded: recorded))
            }
        }

        // Publicity duties due in the period and late (SPEC P10), with the kind of their case.
        let due = try await ObligationQueries(database: db).due(from: from, to: to)
        let late = AccountabilityReport(obligations: due, from: from, to: to, asOf: context.clock.today, calendar: context.calendar).entries
        var decisions = Set<UUID>(), publications = Set<UUID>()
        for entry in late {
            switch entry.obligation.subject {
            case .decision(let id): decisions.insert(id)
            case .publication(let id): publications.insert(id)
            case .correctionRequest, .yearlyFigures, .drawnInspection: break
            }
        }
        let changes = try await queries.publicationChanges(from: from, to: to)
        let caseOfDecision = try await queries.caseOfRecords(decisions)
        let caseOfPublication = try await queries.sourceCases(publications: publications)
        let cases = try await queries.cases(
            Set(caseOfDecision.values).union(caseOfPublication.values).union(changes.compactMap(\.caseID)))
        for entry in late {
            let responsibility = entry.obligation.responsibility
            names[responsibility.unitID] = names[responsibility.unitID] ?? responsibility.unitName
            names[responsibility.personID] = names[responsibility.personID] ?? responsibility.personName
            let caseID: UUID? = switch entry.obligation.subject {
            case .decision(let id): caseOfDecision[id]
            case .publication(let id): caseOfPublication[id]
            case .correctionRequest, .yearlyFigures, .drawnInspection: nil
            }
            // A drawn inspection's result (P7.3) is an inspection's.
            let kind: EnforcementKind? = if case .drawnInspection = entry.obligation.subject { .inspection } else {
                caseID.flatMap { cases[$0]?.kind }
            }
            facts.latePublications.append(.init(
                on: entry.dueDate, unitID: responsibility.unitID, personID: responsibility.personID, kind: kind, status: entry.status))
        }
        facts.publicationChanges = changes.map { row in
            .init(on: row.on, unitID: row.unitID, personID: row.personID, kind: row.caseID.flatMap { cases[$0]?.kind }, change: row.change)
        }

        facts.reviewScores = try await supervision.reviewScores(from: from, to: to)
        facts.complaints = try await supervision.complaintOutcomes(from: from, to: to)

        // Names of every unit and of the persons not met above.
        for unit in try await UnitModel.query(on: db).all() { names[try unit.requireID()] = unit.name }
        var people = Set(facts.publicationChanges.compactMap(\.personID))
        people.formUnion(facts.reviewScores.flatMap(\.officerIDs))
        people.formUnion(facts.complaints.compactMap(\.officerID))
        people.subtract(names.keys)
        names.merge(try await queries.officerNames(people)) { first, _ in first }
        return Report(from: from, to: to, facts: facts, names: names)
    }
}
