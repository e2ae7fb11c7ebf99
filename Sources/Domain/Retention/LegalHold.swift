import Foundation
import Ledger

/// 诉讼保全/法律保留: while a hold is in force, nothing it covers may be disposed of, whatever its
/// retention says (issue 14 item 3). A hold covers one record or a whole case; it ends only by a
/// release, which is a new fact (nothing is edited).
public struct LegalHold: Hashable, Sendable, Identifiable {
    public enum Scope: Hashable, Sendable {
        case record(UUID)
        case enforcementCase(UUID)

        public var kind: String {
            switch self {
            case .record: "record"
            case .enforcementCase: "case"
            }
        }

        public var id: UUID {
            switch self {
            case .record(let id), .enforcementCase(let id): id
            }
        }

        public init?(kind: String, id: UUID) {
            switch kind {
            case "record": self = .record(id)
            case "case": self = .enforcementCase(id)
            default: return nil
            }
        }
    }

    public var id: UUID
    public var scope: Scope
    public var reason: String
    public var placedBy: UUID
    public var placedAt: Date

    public init(id: UUID = UUID(), scope: Scope, reason: String, placedBy: UUID, placedAt: Date) {
        self.id = id
        self.scope = scope
        self.reason = reason
        self.placedBy = placedBy
        self.placedAt = placedAt
    }

    /// Whether the hold covers a record of `caseID`.
    public func covers(recordID: UUID, caseID: UUID) -> Bool {
        switch scope {
        case .record(let id): id == recordID
        case .enforcementCase(let id): id == caseID
        }
    }

    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "scope": .string(scope.kind),
            "subjectId": .string(scope.id.uuidString.lowercased()), "reason": .string(reason),
            "placedBy": .string(placedBy.uuidString.lowercased()),
            "placedAtMs": .integer(Int64((placedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

/// The end of a hold.
public struct LegalHoldRelease: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var holdID: UUID
    public var reason: String
    public var releasedBy: UUID
    public var releasedAt: Date

    public init(id: UUID = UUID(), holdID: UUID, reason: String, releasedBy: UUID, releasedAt: Date) {
        self.id = id
        self.holdID = holdID
        self.reason = reason
        self.releasedBy = releasedBy
        self.releasedAt = releasedAt
    }

    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "holdId": .string(holdID.uuidString.lowercased()),
            "reason": .string(reason), "releasedBy": .string(releasedBy.uuidString.lowercased()),
            "releasedAtMs": .integer(Int64((releasedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}
