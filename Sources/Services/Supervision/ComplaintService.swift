import Domain
import FluentKit
import Foundation
import Persistence

/// Complaints and reports (投诉举报, SPEC R13; issue 15 item 3): intake from the portal and from
/// staff, assignment (never to the officer complained about), links to what they concern, the
/// answer, the complainant's status check and the bureau's working-day limit. The complainant is
/// sealed before it is stored and opened only for the roles that handle complaints (SPEC X4).
public struct ComplaintService: Sendable {
    /// A complaint as the handling staff see it: with the person opened and the state as of today.
    public struct Detail: Sendable {
        public let entry: ComplaintStore.Entry
        public let person: ComplaintPerson?
        /// Working days from today to the due day (negative when overdue); nil once answered or unknown.
        public let workdaysLeft: Int?
        public let overdue: Bool

        public var complaint: Complaint { entry.complaint }
    }

    /// What the public status page may show: nothing personal.
    public struct PublicStatus: Sendable {
        public let kind: Complaint.Kind
        public let receivedOn: CivilDate
        public let due: ObligationDue
        public let workdaysLeft: Int?
        public let overdue: Bool
        public let answer: ComplaintAnswer?
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: ComplaintStore { ComplaintStore(ledger: context.ledger) }

    // MARK: Intake

    /// From the public form. `clientKey` is a keyed hash of the sender's address for the hourly
    /// limit; `limits` are the correction form's (per client per hour, per day, counted in the
    /// database inside the ledger's append).
    public func receive(_ input: Complaint.Input, clientKey: String, limits: CorrectionIntakeLimits?) async throws -> Complaint {
        let now = context.clock.nowSeconds
        if let limits, case .clientLimit = limits.refusal(
            fromClientInLastHour: try await store.count(clientKey: clientKey, since: now.addingTimeInterval(-3600), on: context.database),
            today: 0) {
            throw Self.refusal(.clientLimit)
        }
        let made = try await make(input, enteredBy: nil, now: now)
        do {
            try await store.receive(
                made.complaint, personSealed: try seal(made.person), contactLookup: contactLookup(made.person.contact),
                clientKey: clientKey, limits: limits)
        } catch let refusal as CorrectionIntakeLimits.Refusal {
            throw Self.refusal(refusal)
        }
        return made.complaint
    }

    /// From staff: a letter, a call, a 12345 hotline transfer or a visit, with the day received.
    public func enter(_ input: Complaint.Input, by staff: StaffMember) async throws -> Complaint {
        try staff.require(.handleComplaints)
        var input = input
        if let officerID = input.officerID, try await OfficerModel.find(officerID, on: context.database) == nil {
            throw ServiceRefusal.invalid("invalid-complaint", "投诉举报登记有误。", errors: ["officerId": "执法人员不存在"])
        }
        if let unitID = input.unitID, try await UnitModel.find(unitID, on: context.database) == nil {
            throw ServiceRefusal.invalid("invalid-complaint", "投诉举报登记有误。", errors: ["unitId": "单位不存在"])
        }
        if input.officerID != nil, input.unitID == nil {
            input.unitID = try await OfficerModel.find(input.officerID, on: context.database)?.$unit.id
        }
        let made = try await make(input, enteredBy: staff.id, now: context.clock.nowSeconds)
        try await store.receive(
            made.complaint, personSealed: try seal(made.person),
            contactLookup: made.person.contact.isEmpty ? nil : contactLookup(made.person.contact),
            clientKey: "staff:\(staff.id.uuidString.lowercased())")
        return made.complaint
    }

    private func make(_ input: Complaint.Input, enteredBy: UUID?, now: Date) async throws -> (complaint: Complaint, person: ComplaintPerson) {
        let policy = try await store.policy(on: context.database)
        switch Complaint.make(input, enteredBy: enteredBy, now: now, workdays: policy.workdays, calendar: context.calendar) {
        case .success(let made): return made
        case .failure(let problems):
            throw ServiceRefusal.invalid("invalid-complaint", Self.summary("投诉举报内容有误", problems), errors: problems.byField)
        }
    }

    static func refusal(_ refusal: CorrectionIntakeLimits.Refusal) -> ServiceRefusal {
        switch refusal {
        case .clientLimit:
            ServiceRefusal(.tooManyRequests, type: "too-many-complaints", detail: "提交过于频繁，请一小时后再试，或致电本局。")
        case .dailyLimit:
            ServiceRefusal(.tooManyRequests, type: "complaint-intake-full", detail: "今日在线受理的投诉举报已满，请明日再试，或致电本局、拨打12345热线。")
        }
    }

    // MARK: Reading

    public func list(_ filter: ComplaintStore.Filter, offset: Int, limit: Int, by staff: StaffMember) async throws -> (items: [Detail], total: Int) {
        try staff.require(.handleComplaints)
        let (entries, total) = try await store.list(filter, offset: offset, limit: limit, on: context.database)
        // A complaint about the reader is not shown to them (their count still includes it).
        return (try entries.filter { !Self.concerns($0, staff) }.map(detail), total)
    }

    public func detail(_ id: UUID, by staff: StaffMember) async throws -> Detail {
        try staff.require(.handleComplaints)
        let entry = try await entry(id)
        try Self.refuseIfConcerned(entry, staff)
        return try detail(entry)
    }

    /// The complainant's status check (issue 15 item 3): the receipt and the contact given. Nil for
    /// an unknown receipt and for a wrong contact alike, so receipts cannot be probed.
    public func status(receipt: String, contact: String) async throws -> PublicStatus? {
        let receipt = receipt.trimmingCharacters(in: .whitespaces).uppercased()
        guard !receipt.isEmpty, receipt.count <= 32, !contact.trimmingCharacters(in: .whitespaces).isEmpty,
              let entry = try await store.find(receipt: receipt, on: context.database),
              let stored = entry.contactLookup, stored == contactLookup(contact) else { return nil }
        let state = state(entry)
        return PublicStatus(
            kind: entry.complaint.kind, receivedOn: entry.complaint.receivedOn, due: entry.complaint.due,
            workdaysLeft: state.workdaysLeft, overdue: state.overdue, answer: entry.answer)
    }

    /// The complaint's ledger events (type, index), oldest first, for its page.
    public func history(_ id: UUID, by staff: StaffMember) async throws -> [(type: String, ledgerIndex: Int64)] {
        try staff.require(.handleComplaints)
        return try await store.history(id, on: context.database)
    }

    public func policy() async throws -> ComplaintPolicy { try await store.policy(on: context.database) }

    public func policies() async throws -> [ComplaintPolicy] { try await store.policies(on: context.database) }

    // MARK: Handling

    /// Hands the complaint to a unit and optionally one of its officers — never to an officer the
    /// complaint is about (issue 15 "Bad input and rules").
    public func assign(_ id: UUID, unitID: UUID?, officerID: UUID?, note: String?, by staff: StaffMember) async throws -> Detail {
        try staff.require(.assignComplaint)
        let entry = try await entry(id)
        try Self.refuseIfConcerned(entry, staff)
        guard entry.answer == nil else {
            throw ServiceRefusal(.conflict, type: "complaint-answered", detail: "该投诉举报已经答复，不能再交办。")
        }
        var officerUnit: UUID?
        if let officerID { officerUnit = try await OfficerModel.find(officerID, on: context.database)?.$unit.id }
        if let unitID, try await UnitModel.find(unitID, on: context.database) == nil {
            throw ServiceRefusal.invalid("invalid-assignment", "承办单位不存在。", errors: ["unitId": "单位不存在"])
        }
        let made = ComplaintAssignment.make(
            complaintID: id, unitID: unitID, officerID: officerID, officerUnitID: officerUnit,
            concernedOfficers: Self.concernedOfficers(entry), note: note, by: staff.id, at: context.clock.nowSeconds)
        switch made {
        case .failure(let problems):
            if problems.byField["officerId"]?.contains("被投诉举报的对象") == true {
                throw ServiceRefusal(.conflict, type: "officer-complained-about", title: "不能交办",
                                     detail: "该执法人员是被投诉举报的对象，不能承办本件，请交办其他人员。", errors: problems.byField)
            }
            throw ServiceRefusal.invalid("invalid-assignment", Self.summary("交办有误", problems), errors: problems.byField)
        case .success(let assignment):
            try await store.assign(assignment)
        }
        return try await detail(id, by: staff)
    }

    /// Links a case (by id or 案号), a record, an officer or a publication (by id).
    public func link(_ id: UUID, target: String?, reference: String?, by staff: StaffMember) async throws -> Detail {
        try staff.require(.handleComplaints)
        let entry = try await entry(id)
        try Self.refuseIfConcerned(entry, staff)
        let reference = (reference ?? "").trimmingCharacters(in: .whitespaces)
        let db = context.database
        var targetID = UUID(uuidString: reference)
        var exists = false
        switch target.flatMap(ComplaintLink.Target.init(rawValue:)) {
        case .enforcementCase:
            if let uuid = targetID { exists = try await CaseModel.find(uuid, on: db) != nil }
            else if !reference.isEmpty, let found = try await CaseModel.query(on: db).filter(\.$number == reference).first() {
                targetID = found.id
                exists = true
            }
        case .record: if let uuid = targetID { exists = try await RecordStore(ledger: context.ledger).find(uuid, on: db) != nil }
        case .officer: if let uuid = targetID { exists = try await OfficerModel.find(uuid, on: db) != nil }
        case .publication: if let uuid = targetID { exists = try await PublicationQueries(database: db).publication(uuid) != nil }
        case nil: break
        }
        if target.flatMap(ComplaintLink.Target.init(rawValue:)) != nil, !exists {
            throw ServiceRefusal.invalid("invalid-link", "未找到要关联的对象：请填写编号（案件也可填写案号）。", errors: ["targetId": "未找到该对象"])
        }
        switch ComplaintLink.make(
            complaintID: id, target: target, targetID: exists ? targetID : nil, currentAssignee: entry.assignment?.officerID,
            by: staff.id, at: context.clock.nowSeconds) {
        case .failure(let problems):
            throw ServiceRefusal.invalid("invalid-link", Self.summary("关联有误", problems), errors: problems.byField)
        case .success(let link):
            if entry.links.contains(where: { $0.target == link.target && $0.targetID == link.targetID }) {
                throw ServiceRefusal(.conflict, type: "already-linked", detail: "已经关联了该对象。")
            }
            try await store.link(link)
        }
        return try await detail(id, by: staff)
    }

    public func answer(_ id: UUID, outcome: String?, text: String?, by staff: StaffMember) async throws -> Detail {
        try staff.require(.handleComplaints)
        let entry = try await entry(id)
        try Self.refuseIfConcerned(entry, staff)
        guard entry.answer == nil else {
            throw ServiceRefusal(.conflict, type: "already-answered", detail: "该投诉举报已经答复。")
        }
        switch ComplaintAnswer.make(entry.complaint, outcome: outcome, text: text, by: staff.id, at: context.clock.nowSeconds) {
        case .failure(let problems):
            throw ServiceRefusal.invalid("invalid-answer", Self.summary("答复有误", problems), errors: problems.byField)
        case .success(let answer):
            try await store.answer(answer)
        }
        return try await detail(id, by: staff)
    }

    /// A new working-day limit, for complaints received from now on.
    public func setPolicy(workdays: String?, reason: String?, by staff: StaffMember) async throws -> ComplaintPolicy {
        try staff.require(.manageComplaintPolicy)
        let current = try await store.policy(on: context.database)
        switch current.next(workdays: workdays, reason: reason, by: staff.id, at: context.clock.nowSeconds) {
        case .failure(let problems):
            throw ServiceRefusal.invalid("invalid-complaint-policy", Self.summary("办理期限设置有误", problems), errors: problems.byField)
        case .success(let policy):
            try await store.setPolicy(policy)
            return policy
        }
    }

    // MARK: Helpers

    /// Whether the complaint is about `staff` (an account linked to an officer complained about).
    static func concerns(_ entry: ComplaintStore.Entry, _ staff: StaffMember) -> Bool {
        staff.officerID.map { concernedOfficers(entry).contains($0) } ?? false
    }

    /// Whoever a complaint is about never reads the complainant's details or handles it (SPEC R13),
    /// whatever their role.
    static func refuseIfConcerned(_ entry: ComplaintStore.Entry, _ staff: StaffMember) throws {
        if concerns(entry, staff) {
            throw ServiceRefusal(.forbidden, type: "complaint-about-you", detail: "本件投诉举报涉及您本人，您不能查看或办理。")
        }
    }

    /// The officers a complaint is about: chosen at intake, and linked since.
    static func concernedOfficers(_ entry: ComplaintStore.Entry) -> Set<UUID> {
        Set([entry.complaint.officerID].compactMap { $0 } + entry.links.filter { $0.target == .officer }.map(\.targetID))
    }

    private func entry(_ id: UUID) async throws -> ComplaintStore.Entry {
        guard let entry = try await store.find(id, on: context.database) else { throw ServiceRefusal.notFound("投诉举报不存在。") }
        return entry
    }

    private func state(_ entry: ComplaintStore.Entry) -> (workdaysLeft: Int?, overdue: Bool) {
        guard entry.answer == nil, let due = entry.complaint.due.date else { return (nil, false) }
        let today = context.clock.today
        return ((try? context.calendar.workdaysBetween(today, due)), today > due)
    }

    private func detail(_ entry: ComplaintStore.Entry) throws -> Detail {
        let state = state(entry)
        return Detail(entry: entry, person: try open(entry.personSealed), workdaysLeft: state.workdaysLeft, overdue: state.overdue)
    }

    private func seal(_ person: ComplaintPerson) throws -> String {
        try context.personalData.seal(String(decoding: try JSONEncoder().encode(person), as: UTF8.self))
    }

    private func open(_ sealed: String) throws -> ComplaintPerson {
        try JSONDecoder().decode(ComplaintPerson.self, from: Data(try context.personalData.open(sealed).utf8))
    }

    private func contactLookup(_ contact: String) -> String {
        context.personalData.lookupHash("complaint-contact:" + Complaint.normalizedContact(contact))
    }

    static func summary(_ lead: String, _ problems: ComplaintProblems) -> String {
        lead + "：" + problems.byField.keys.sorted().compactMap { problems.byField[$0] }.joined(separator: "；")
    }
}
