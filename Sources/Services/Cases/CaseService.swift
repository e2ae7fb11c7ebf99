import Domain
import FluentKit
import Foundation
import Persistence

/// Cases and enforcement activities (SPEC R1, P6; issue 11 item 3). Input arrives as typed but
/// unchecked values; every problem is reported at once, per field, so a form needs one round trip.
public struct CaseService: Sendable {
    /// A case as typed: dates as `YYYY-MM-DD` text, checked here.
    public struct NewCase: Sendable {
        public var number: String
        public var title: String
        public var kind: EnforcementKind
        public var counterpartyID: UUID
        public var unitID: UUID
        public var openedOn: String
        public var filedOn: String?

        public init(number: String, title: String, kind: EnforcementKind, counterpartyID: UUID, unitID: UUID,
                    openedOn: String, filedOn: String? = nil) {
            self.number = number
            self.title = title
            self.kind = kind
            self.counterpartyID = counterpartyID
            self.unitID = unitID
            self.openedOn = openedOn
            self.filedOn = filedOn
        }
    }

    /// An activity as typed. `caseID` is ignored when the activity opens a new case with it.
    public struct NewActivity: Sendable {
        public var caseID: UUID?
        public var kind: EnforcementKind
        public var procedure: Procedure
        public var site: Site
        public var isOnSite: Bool
        public var officerIDs: [UUID]
        public var startedAt: Date
        public var endedAt: Date
        public var situations: Set<RecordingSituation>
        public var optionalSituations: Set<OptionalRecordingSituation>
        public var checklist: DisclosureChecklist
        public var videoExemptionReason: String?

        public init(
            caseID: UUID?, kind: EnforcementKind, procedure: Procedure, site: Site, isOnSite: Bool, officerIDs: [UUID],
            startedAt: Date, endedAt: Date, situations: Set<RecordingSituation> = [],
            optionalSituations: Set<OptionalRecordingSituation> = [], checklist: DisclosureChecklist = DisclosureChecklist(),
            videoExemptionReason: String? = nil
        ) {
            self.caseID = caseID
            self.kind = kind
            self.procedure = procedure
            self.site = site
            self.isOnSite = isOnSite
            self.officerIDs = officerIDs
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.situations = situations
            self.optionalSituations = optionalSituations
            self.checklist = checklist
            self.videoExemptionReason = videoExemptionReason
        }
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: ActivityStore { ActivityStore(ledger: context.ledger) }
    var queries: ActivityQueries { ActivityQueries(database: context.database) }

    // MARK: Writing

    /// Opens a case (its `case.opened` event on the ledger).
    public func openCase(_ input: NewCase, by staff: StaffMember) async throws -> EnforcementCase {
        let (enforcementCase, errors) = try await check(input)
        guard errors.isEmpty, let enforcementCase else { throw Self.invalidCase(errors) }
        try await store.create(enforcementCase, by: staff.id, at: context.clock.nowSeconds)
        return enforcementCase
    }

    /// Records an activity in an existing case.
    public func recordActivity(_ input: NewActivity, by staff: StaffMember) async throws -> Activity {
        var errors: [String: String] = [:]
        if let caseID = input.caseID {
            if try await queries.enforcementCase(caseID) == nil { errors["caseId"] = "案件不存在" }
        } else {
            errors["caseId"] = "请选择案件"
        }
        let activity = Self.activity(input, caseID: input.caseID ?? UUID())
        errors.merge(try await check(activity), uniquingKeysWith: Self.join)
        guard errors.isEmpty else { throw Self.invalidActivity(errors) }
        try await store.create(activity, by: staff.id, at: context.clock.nowSeconds)
        return activity
    }

    /// Opens a case with its first activity: both or neither, in one transaction and one ledger
    /// batch (issue 11 item 3). A refused activity leaves no case behind, so sending the corrected
    /// form again works.
    public func openCase(
        _ caseInput: NewCase, withFirstActivity activityInput: NewActivity, by staff: StaffMember
    ) async throws -> (EnforcementCase, Activity) {
        let (enforcementCase, caseErrors) = try await check(caseInput)
        let activity = Self.activity(activityInput, caseID: enforcementCase?.id ?? UUID())
        let errors = caseErrors.merging(try await check(activity), uniquingKeysWith: Self.join)
        guard errors.isEmpty, let enforcementCase else {
            throw ServiceRefusal.invalid("invalid-activity", "案件或执法活动信息有误，请按提示修改。", errors: errors)
        }
        try await store.create(enforcementCase, withFirstActivity: activity, by: staff.id, at: context.clock.nowSeconds)
        return (enforcementCase, activity)
    }

    // MARK: Reading

    public func enforcementCase(_ id: UUID) async throws -> EnforcementCase {
        guard let found = try await queries.enforcementCase(id) else { throw ServiceRefusal.notFound("案件不存在。") }
        return found
    }

    /// An activity and its case, for attaching a record (refused as input when unknown).
    public func activityAndCase(_ activityID: UUID) async throws -> (Activity, EnforcementCase) {
        guard let activity = try await queries.activity(activityID),
              let enforcementCase = try await queries.enforcementCase(activity.caseID) else {
            throw ServiceRefusal.invalid("unknown-activity", "执法活动不存在。", errors: ["activityId": "执法活动不存在"])
        }
        return (activity, enforcementCase)
    }

    /// An activity, and whether `staff` may see its recording compliance (SPEC R7: officers their own).
    public func activity(_ id: UUID, for staff: StaffMember) async throws -> (activity: Activity, findings: [ComplianceFinding]?) {
        guard let activity = try await queries.activity(id),
              let createdBy = try await ActivityModel.find(id, on: context.database)?.createdBy else {
            throw ServiceRefusal.notFound("执法活动不存在。")
        }
        guard ActivityAccess.mayViewCompliance(activity, createdBy: createdBy, by: staff) else { return (activity, nil) }
        return (activity, try await complianceFindings(activity))
    }

    /// The compliance findings of `activity` (SPEC R4–R8, P6, R14): its officers and evidence
    /// loaded, judged by `ComplianceCheck` with the configured tolerances. Every door asks here.
    public func complianceFindings(_ activity: Activity) async throws -> [ComplianceFinding] {
        ComplianceCheck.findings(
            activity: activity, officers: try await queries.officers(activity.officerIDs),
            evidence: try await queries.evidence(activityID: activity.id), tolerances: context.recordingTolerances)
    }

    // MARK: - Checks

    /// The case if its fields are right, and every field problem.
    private func check(_ input: NewCase) async throws -> (EnforcementCase?, [String: String]) {
        var errors: [String: String] = [:]
        let number = input.number.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if number.isEmpty { errors["number"] = "必填" }
        if title.isEmpty { errors["title"] = "必填" }
        let openedOn = CivilDate(iso: input.openedOn)
        if openedOn == nil { errors["openedOn"] = "应为 YYYY-MM-DD 日期" }
        let filedOn = input.filedOn.flatMap { CivilDate(iso: $0) }
        if input.filedOn != nil, filedOn == nil { errors["filedOn"] = "应为 YYYY-MM-DD 日期" }
        let db = context.database
        if try await CounterpartyModel.find(input.counterpartyID, on: db) == nil { errors["counterpartyId"] = "行政相对人不存在" }
        if try await UnitModel.find(input.unitID, on: db) == nil { errors["unitId"] = "单位不存在" }
        if !number.isEmpty, try await CaseModel.query(on: db).filter(\.$number == number).count() > 0 {
            errors["number"] = "案件编号已存在"
        }
        guard errors.isEmpty, let openedOn else { return (nil, errors) }
        return (EnforcementCase(
            number: number, title: title, kind: input.kind, counterpartyID: input.counterpartyID,
            unitID: input.unitID, openedOn: openedOn, filedOn: filedOn), [:])
    }

    /// SPEC P6: an on-site act needs two officers, each with a certificate valid that day.
    private func check(_ activity: Activity) async throws -> [String: String] {
        let officers = try await queries.officers(activity.officerIDs)
        var errors: [String: String] = [:]
        for problem in ActivityRules.problems(activity, officers: officers) {
            errors[Self.inputField(problem.field), default: ""] += (errors[Self.inputField(problem.field)] == nil ? "" : "；") + problem.message
        }
        return errors
    }

    private static func activity(_ input: NewActivity, caseID: UUID) -> Activity {
        Activity(
            caseID: caseID, kind: input.kind, procedure: input.procedure, site: input.site, isOnSite: input.isOnSite,
            officerIDs: input.officerIDs, startedAt: input.startedAt, endedAt: input.endedAt,
            situations: input.situations, optionalSituations: input.optionalSituations,
            checklist: input.checklist, videoExemptionReason: input.videoExemptionReason)
    }

    /// `Activity` property names → the input field names doors use (`officerIDs` → `officerIds`).
    static func inputField(_ property: String) -> String {
        property == "officerIDs" ? "officerIds" : property
    }

    private static func join(_ first: String, _ second: String) -> String { first + "；" + second }

    private static func invalidCase(_ errors: [String: String]) -> ServiceRefusal {
        .invalid("invalid-case", "案件信息有误，请按提示修改。", errors: errors)
    }

    private static func invalidActivity(_ errors: [String: String]) -> ServiceRefusal {
        .invalid("invalid-activity", errors.values.sorted().joined(separator: "；"), errors: errors)
    }
}
