import Foundation

/// A request to retrieve one record marked 国家秘密, 商业秘密 or 个人隐私, and its decision
/// (SPEC R9.2: "sensitive records need approval", approved "by someone other than the requester").
///
/// States: `requested` → `approved` or `rejected`. A value is never changed in place (SPEC X3):
/// `approved(by:role:at:)` and `rejected(by:role:at:reason:)` return the decided request, and a
/// decided request cannot be decided again — a person refused asks anew.
///
/// An approval is not used up by one opening: it lets its requester retrieve that one record, with
/// that marking, for `approvalValidity` (7 days) from the moment of approval. One opening cannot
/// be the unit: a video is played through many HTTP Range requests, and a reviewer watches a
/// three-hour hearing in several sittings. Each retrieval within the window is still logged on its
/// own with its purpose (SPEC R9.2), so supervision loses nothing; after the window the person asks
/// again, so an approval does not become a standing permission.
public struct RetrievalRequest: Hashable, Sendable, Codable {
    /// Where the request stands.
    public enum State: Hashable, Sendable, Codable {
        case requested
        case approved(approverID: UUID, approverRole: Role, at: Date)
        case rejected(approverID: UUID, approverRole: Role, at: Date, reason: String)
    }

    /// How long an approval lets the requester retrieve the record: 7 × 24 hours.
    public static let approvalValidity: TimeInterval = 7 * 24 * 60 * 60

    public let id: UUID
    public let recordID: UUID
    public let requesterID: UUID
    public let requesterRole: Role
    public let purpose: RetrievalPurpose
    /// The record's marking when asked; an approval covers only that marking (a record marked
    /// again needs a new approval, since the marking decides who may approve).
    public let sensitivity: Sensitivity
    public let requestedAt: Date
    public let state: State

    /// A new request. Throws when the record needs no approval or the requester's role may not ask.
    public init(
        id: UUID = UUID(), recordID: UUID, requesterID: UUID, requesterRole: Role,
        purpose: RetrievalPurpose, sensitivity: Sensitivity, requestedAt: Date
    ) throws(RetrievalError) {
        guard sensitivity.requiresApproval else { throw .approvalNotNeeded }
        guard Permissions.allows(requesterRole, .requestSensitiveRetrieval) else {
            throw .sensitiveNotForRole(requesterRole, sensitivity)
        }
        self.init(
            id: id, recordID: recordID, requesterID: requesterID, requesterRole: requesterRole,
            purpose: purpose, sensitivity: sensitivity, requestedAt: requestedAt, state: .requested)
    }

    private init(
        id: UUID, recordID: UUID, requesterID: UUID, requesterRole: Role, purpose: RetrievalPurpose,
        sensitivity: Sensitivity, requestedAt: Date, state: State
    ) {
        self.id = id
        self.recordID = recordID
        self.requesterID = requesterID
        self.requesterRole = requesterRole
        self.purpose = purpose
        self.sensitivity = sensitivity
        self.requestedAt = requestedAt
        self.state = state
    }

    /// This request approved by `approverID` acting as `role` at `at`.
    /// Throws unless it is still `requested` and `RetrievalRules.checkApprover` accepts the approver.
    public func approved(by approverID: UUID, role: Role, at: Date) throws(RetrievalError) -> RetrievalRequest {
        guard state == .requested else { throw .alreadyDecided }
        try RetrievalRules.checkApprover(approverID, role: role, for: self)
        return with(.approved(approverID: approverID, approverRole: role, at: at))
    }

    /// This request rejected by `approverID` acting as `role` at `at`, for `reason` (required, so
    /// the requester and the supervisor reading the log know why).
    public func rejected(
        by approverID: UUID, role: Role, at: Date, reason: String
    ) throws(RetrievalError) -> RetrievalRequest {
        guard state == .requested else { throw .alreadyDecided }
        try RetrievalRules.checkApprover(approverID, role: role, for: self)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .rejectionReasonRequired }
        return with(.rejected(approverID: approverID, approverRole: role, at: at, reason: reason))
    }

    /// The end of the approval's window, or nil when not approved.
    public var validUntil: Date? {
        guard case .approved(_, _, let at) = state else { return nil }
        return at.addingTimeInterval(Self.approvalValidity)
    }

    /// Whether the approval is in force at `now` (approved, and `now` before `validUntil`).
    public func isValid(at now: Date) -> Bool {
        guard let validUntil else { return false }
        return now < validUntil
    }

    private func with(_ state: State) -> RetrievalRequest {
        RetrievalRequest(
            id: id, recordID: recordID, requesterID: requesterID, requesterRole: requesterRole,
            purpose: purpose, sensitivity: sensitivity, requestedAt: requestedAt, state: state)
    }
}
