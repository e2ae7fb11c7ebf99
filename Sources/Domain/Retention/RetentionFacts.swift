import Foundation
import Ledger

/// A fact that decides how long a record is kept (SPEC R10; 全过程记录办法 第十条): used as evidence
/// in the case (作为案件证据), or disputed with the party (与行政相对人发生争议). Raw values are stable
/// slugs (stored, posted by forms, in ledger events).
public enum RetentionFact: String, CaseIterable, Sendable, Codable {
    case evidence = "evidence"
    case disputed = "disputed"

    public var chineseName: String {
        switch self {
        case .evidence: "作为案件证据"
        case .disputed: "与行政相对人发生争议"
        }
    }
}

/// One setting or clearing of a fact on a record, with who, when and why (issue 14 item 1). Facts are
/// never edited: the latest change of each fact is in force, and every change is a ledger event.
public struct RetentionFactChange: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var recordID: UUID
    public var fact: RetentionFact
    /// True when the fact is set, false when it is cleared.
    public var holds: Bool
    public var reason: String
    public var changedBy: UUID
    public var changedAt: Date

    public init(id: UUID = UUID(), recordID: UUID, fact: RetentionFact, holds: Bool, reason: String, changedBy: UUID, changedAt: Date) {
        self.id = id
        self.recordID = recordID
        self.fact = fact
        self.holds = holds
        self.reason = reason
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "recordId": .string(recordID.uuidString.lowercased()),
            "fact": .string(fact.rawValue), "holds": .bool(holds), "reason": .string(reason),
            "changedBy": .string(changedBy.uuidString.lowercased()),
            "changedAtMs": .integer(Int64((changedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

/// The facts in force on one record: the latest change of each.
public struct RetentionFacts: Hashable, Sendable {
    public var isEvidence: Bool
    public var disputed: Bool

    public init(isEvidence: Bool = false, disputed: Bool = false) {
        self.isEvidence = isEvidence
        self.disputed = disputed
    }

    /// From the record's changes in the order they were made.
    public init(changes: [RetentionFactChange]) {
        self.init()
        for change in changes { self[change.fact] = change.holds }
    }

    public subscript(fact: RetentionFact) -> Bool {
        get { fact == .evidence ? isEvidence : disputed }
        set { if fact == .evidence { isEvidence = newValue } else { disputed = newValue } }
    }
}

public enum RetentionFactError: Error, Equatable, CustomStringConvertible {
    case reasonRequired
    case reasonTooLong(limit: Int)
    case unchanged(RetentionFact, holds: Bool)
    case disposed
    /// Clearing a fact lets a record go sooner: only the legal section and the office may.
    case clearingNotPermitted

    public var description: String {
        switch self {
        case .reasonRequired: "请说明理由"
        case .reasonTooLong(let limit): "理由不得超过\(limit)字"
        case .unchanged(let fact, true): "该记录已标记为“\(fact.chineseName)”"
        case .unchanged(let fact, false): "该记录未标记为“\(fact.chineseName)”，无需取消"
        case .disposed: "该记录资料已销毁，不能再变更保存事实"
        case .clearingNotPermitted: "取消证据或争议标记须由法制宣传科或办公室办理"
        }
    }
}

public enum RetentionFactRules {
    /// Who may clear a fact: setting one only keeps a record longer, clearing one may let it be
    /// disposed of, so it rests with the sections that answer for the records (SPEC R3, R10).
    public static func mayClear(_ role: Role) -> Bool {
        role == .legalSection || role == .office
    }

    /// A change of `fact` to `holds` on a record whose facts are `current`: needs a reason and must
    /// change something; a disposed record's facts no longer matter and are not changed.
    public static func change(
        recordID: UUID, current: RetentionFacts, fact: RetentionFact, holds: Bool, reason: String?,
        disposed: Bool, by staff: StaffMember, at: Date
    ) throws(RetentionFactError) -> RetentionFactChange {
        guard !disposed else { throw .disposed }
        guard holds || mayClear(staff.role) else { throw .clearingNotPermitted }
        let stated: String
        switch StatedReason.check(reason) {
        case .success(let text): stated = text
        case .failure(.missing): throw .reasonRequired
        case .failure(.tooLong(let limit)): throw .reasonTooLong(limit: limit)
        }
        guard current[fact] != holds else { throw .unchanged(fact, holds: holds) }
        return RetentionFactChange(recordID: recordID, fact: fact, holds: holds, reason: stated, changedBy: staff.id, changedAt: at)
    }
}
