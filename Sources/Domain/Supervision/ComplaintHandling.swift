import Foundation
import Ledger

/// The bureau's working-day limit for answering a complaint or report (issue 15 item 3; SPEC R13,
/// X1). No text in SPEC sets it: it is the bureau's choice, kept as a versioned, insert-only setting
/// that the office or the legal section changes with a reason (a ledger event). The default, 15
/// working days, is the bureau's choice too. A complaint keeps the limit in force on the day it was
/// received: a later change never moves an existing deadline.
public struct ComplaintPolicy: Hashable, Sendable, Codable {
    public static let defaultWorkdays = 15
    public static let allowedWorkdays = 1...60

    /// 1, 2, …; 0 for the built-in default (never stored).
    public let version: Int
    public let workdays: Int
    public let reason: String
    public let setBy: UUID?
    public let setAt: Date?

    public init(version: Int, workdays: Int, reason: String, setBy: UUID?, setAt: Date?) {
        self.version = version
        self.workdays = workdays
        self.reason = reason
        self.setBy = setBy
        self.setAt = setAt
    }

    public static let builtIn = ComplaintPolicy(version: 0, workdays: defaultWorkdays, reason: "默认值", setBy: nil, setAt: nil)

    /// The next version, or the problems by field.
    public func next(workdays text: String?, reason: String?, by user: UUID, at: Date) -> Result<ComplaintPolicy, ComplaintProblems> {
        var problems: [String: String] = [:]
        let days = Int((text ?? "").trimmingCharacters(in: .whitespaces))
        if let days, Self.allowedWorkdays.contains(days) {
            if days == workdays { problems["workdays"] = "与现行期限相同（\(workdays)个工作日）" }
        } else {
            problems["workdays"] = "办理期限应为\(Self.allowedWorkdays.lowerBound)至\(Self.allowedWorkdays.upperBound)个工作日"
        }
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.count < 2 { problems["reason"] = "请说明调整理由" } else if reason.count > 500 { problems["reason"] = "理由不超过500个字" }
        guard problems.isEmpty, let days else { return .failure(ComplaintProblems(byField: problems)) }
        return .success(ComplaintPolicy(version: version + 1, workdays: days, reason: reason, setBy: user, setAt: at))
    }

    /// The due day: `workdays` working days after the day received, that day not counted (SPEC X1),
    /// on the statutory calendar; an estimate when a year's holidays are not loaded.
    public static func due(receivedOn: CivilDate, workdays: Int, calendar: StatutoryCalendar) -> ObligationDue {
        do {
            let result = try calendar.addWorkdaysAllowingEstimate(receivedOn, workdays)
            return result.isEstimate ? .estimate(result.date, estimatedYears: result.estimatedYears) : .date(result.date)
        } catch {
            return .unknown(missingYear: receivedOn.year)
        }
    }
}

/// A complaint handed to a unit and, optionally, one of its officers (issue 15 item 3). Never to the
/// officer complained about (issue 15 "Bad input and rules").
public struct ComplaintAssignment: Hashable, Sendable, Codable {
    public let id: UUID
    public let complaintID: UUID
    public let unitID: UUID
    public let officerID: UUID?
    public let note: String
    public let assignedBy: UUID
    public let assignedAt: Date

    public init(id: UUID, complaintID: UUID, unitID: UUID, officerID: UUID?, note: String, assignedBy: UUID, assignedAt: Date) {
        self.id = id
        self.complaintID = complaintID
        self.unitID = unitID
        self.officerID = officerID
        self.note = note
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }

    /// An assignment, or the refusal. `concernedOfficers` are the officers the complaint is about
    /// (chosen at intake or linked since); `officerUnitID` is the chosen officer's unit, which the
    /// assignment takes when no unit was chosen.
    public static func make(
        complaintID: UUID, unitID: UUID?, officerID: UUID?, officerUnitID: UUID?, concernedOfficers: Set<UUID>,
        note: String?, by user: UUID, at: Date, id: UUID = UUID()
    ) -> Result<ComplaintAssignment, ComplaintProblems> {
        var problems: [String: String] = [:]
        if let officerID, concernedOfficers.contains(officerID) {
            problems["officerId"] = "该执法人员是被投诉举报的对象，不能承办本件"
        }
        if let officerID, officerUnitID == nil { problems["officerId"] = problems["officerId"] ?? "执法人员 \(officerID.uuidString.lowercased()) 不存在" }
        if let unitID, let officerUnitID, unitID != officerUnitID { problems["officerId"] = problems["officerId"] ?? "所选执法人员不属于所选承办单位" }
        let unit = unitID ?? officerUnitID
        if unit == nil, officerID == nil { problems["unitId"] = "请选择承办单位" }
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.count > 500 { problems["note"] = "交办意见不超过500个字" }
        guard problems.isEmpty, let unit else { return .failure(ComplaintProblems(byField: problems)) }
        return .success(ComplaintAssignment(
            id: id, complaintID: complaintID, unitID: unit, officerID: officerID, note: note, assignedBy: user, assignedAt: at))
    }

    public var canonicalContent: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id.uuidString.lowercased()),
            "complaintId": .string(complaintID.uuidString.lowercased()),
            "unitId": .string(unitID.uuidString.lowercased()),
            "note": .string(note),
            "assignedBy": .string(assignedBy.uuidString.lowercased()),
            "assignedAtMs": .integer(Int64((assignedAt.timeIntervalSince1970 * 1000).rounded(.down))),
        ]
        if let officerID { object["officerId"] = .string(officerID.uuidString.lowercased()) }
        return .object(object)
    }
}

/// What a complaint concerns, linked by the staff handling it: a case, a record (opened through
/// supervised retrieval with the purpose 投诉举报处理, SPEC R9.2), an officer (who then may not
/// handle it), or a publication.
public struct ComplaintLink: Hashable, Sendable, Codable {
    public enum Target: String, CaseIterable, Hashable, Sendable, Codable {
        case enforcementCase = "case"
        case record = "record"
        case officer = "officer"
        case publication = "publication"

        public var chineseName: String {
            switch self {
            case .enforcementCase: "案件"
            case .record: "记录资料"
            case .officer: "执法人员"
            case .publication: "公示信息"
            }
        }
    }

    public let complaintID: UUID
    public let target: Target
    public let targetID: UUID
    public let linkedBy: UUID
    public let linkedAt: Date

    public init(complaintID: UUID, target: Target, targetID: UUID, linkedBy: UUID, linkedAt: Date) {
        self.complaintID = complaintID
        self.target = target
        self.targetID = targetID
        self.linkedBy = linkedBy
        self.linkedAt = linkedAt
    }

    /// A link, or the refusal: an officer who is handling the complaint cannot be linked as its
    /// subject without reassigning it first.
    public static func make(
        complaintID: UUID, target: String?, targetID: UUID?, currentAssignee: UUID?, by user: UUID, at: Date
    ) -> Result<ComplaintLink, ComplaintProblems> {
        guard let target = target.flatMap(Target.init(rawValue:)) else {
            return .failure(.init(byField: ["target": "请选择关联的类型：案件、记录资料、执法人员或公示信息"]))
        }
        guard let targetID else { return .failure(.init(byField: ["targetId": "请填写关联对象的编号"])) }
        if target == .officer, currentAssignee == targetID {
            return .failure(.init(byField: ["targetId": "该执法人员正在承办本件：请先改派他人，再将其列为被投诉举报对象"]))
        }
        return .success(ComplaintLink(complaintID: complaintID, target: target, targetID: targetID, linkedBy: user, linkedAt: at))
    }
}

/// The bureau's answer to a complaint or report (issue 15 item 3).
public struct ComplaintAnswer: Hashable, Sendable, Codable {
    public enum Outcome: String, CaseIterable, Hashable, Sendable, Codable {
        case substantiated = "substantiated"
        case partlySubstantiated = "partly-substantiated"
        case unsubstantiated = "unsubstantiated"
        case notAccepted = "not-accepted"

        public var chineseName: String {
            switch self {
            case .substantiated: "属实"
            case .partlySubstantiated: "部分属实"
            case .unsubstantiated: "不属实"
            case .notAccepted: "不予受理"
            }
        }
    }

    public let complaintID: UUID
    public let outcome: Outcome
    /// What the complainant reads.
    public let text: String
    public let answeredBy: UUID
    public let answeredAt: Date
    public let answeredOn: CivilDate
    /// Answered after the due day (an unknown due day is never late).
    public let late: Bool

    public init(complaintID: UUID, outcome: Outcome, text: String, answeredBy: UUID, answeredAt: Date, answeredOn: CivilDate, late: Bool) {
        self.complaintID = complaintID
        self.outcome = outcome
        self.text = text
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.answeredOn = answeredOn
        self.late = late
    }

    /// An answer to `complaint`, or the problems: no default outcome, a reasoned text.
    public static func make(
        _ complaint: Complaint, outcome slug: String?, text: String?, by user: UUID, at: Date
    ) -> Result<ComplaintAnswer, ComplaintProblems> {
        var problems: [String: String] = [:]
        let outcome = slug.flatMap(Outcome.init(rawValue:))
        if outcome == nil { problems["outcome"] = "请选择办理结果：属实、部分属实、不属实或不予受理" }
        let text = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 2 { problems["text"] = "请填写答复内容，说明查处情况或理由" }
        else if text.count > 2000 { problems["text"] = "答复不超过2000个字" }
        guard problems.isEmpty, let outcome else { return .failure(ComplaintProblems(byField: problems)) }
        let day = CivilDate(at)
        return .success(ComplaintAnswer(
            complaintID: complaint.id, outcome: outcome, text: text, answeredBy: user, answeredAt: at, answeredOn: day,
            late: complaint.due.date.map { day > $0 } ?? false))
    }

    public var canonicalContent: JSONValue {
        .object([
            "complaintId": .string(complaintID.uuidString.lowercased()),
            "outcome": .string(outcome.rawValue),
            "text": .string(text),
            "answeredBy": .string(answeredBy.uuidString.lowercased()),
            "answeredAtMs": .integer(Int64((answeredAt.timeIntervalSince1970 * 1000).rounded(.down))),
            "answeredOn": .string(answeredOn.description),
            "late": .bool(late),
        ])
    }
}
