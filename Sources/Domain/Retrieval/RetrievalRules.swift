import Foundation

/// Who may open which record, when (SPEC R9.1 "retrieved at once by those entitled", R9.2 "every
/// retrieval is supervised: who, when, which record, why; sensitive records need approval").
///
/// Pure decisions; the caller logs every retrieval and every refusal and appends it to the ledger.
public enum RetrievalRules {
    /// Decides one retrieval.
    ///
    /// In this order, so the answer names the first thing that stands in the way:
    /// 1. the role — `retrieveRecord`, or `retrieveOwnUpload` when `uploadedByUser`;
    /// 2. a purpose (SPEC R9.2 "why") — none given is a refusal;
    /// 3. an unmarked record is then allowed;
    /// 4. a marked record needs the role to be one that may ask, and an approved request of this
    ///    person, for this record, with this marking, approved by someone else entitled to approve,
    ///    within its window. The approval is checked again here, not only when it was given, so a
    ///    request loaded from storage cannot carry an approval the rules would not have given.
    public static func mayRetrieve(
        userID: UUID, role: Role, recordID: UUID, uploadedByUser: Bool = false,
        purpose: RetrievalPurpose?, sensitivity: Sensitivity,
        approval: RetrievalRequest?, now: Date
    ) -> RetrievalDecision {
        if !Permissions.allows(role, .retrieveRecord) {
            guard Permissions.allows(role, .retrieveOwnUpload) else { return .refused(.roleNotEntitled(role)) }
            guard uploadedByUser else { return .refused(.notOwnUpload(role)) }
        }
        guard purpose != nil else { return .refused(.purposeMissing) }
        guard sensitivity.requiresApproval else { return .allowed }
        guard Permissions.allows(role, .requestSensitiveRetrieval) else {
            return .refused(.sensitiveNotForRole(role, sensitivity))
        }
        guard let approval, approval.recordID == recordID, approval.requesterID == userID,
              approval.sensitivity == sensitivity
        else { return .needsApproval(.noRequest(sensitivity)) }

        switch approval.state {
        case .requested:
            return .needsApproval(.pending)
        case .rejected(_, _, _, let reason):
            return .refused(.requestRejected(reason: reason))
        case .approved(let approverID, let approverRole, let approvedAt):
            do {
                try checkApprover(approverID, role: approverRole, for: approval)
            } catch {
                return .refused(error)
            }
            let validUntil = approvedAt.addingTimeInterval(RetrievalRequest.approvalValidity)
            guard now < validUntil else { return .needsApproval(.expired(validUntil: validUntil)) }
            return .allowed
        }
    }

    /// Whether `role` may approve requests for records with `sensitivity`: a role with
    /// `approveSensitiveRetrieval`, and for 国家秘密 only the leadership (`supervisor`), because the
    /// 保密 rules put knowledge of state secrets under the head of the organ, not a section.
    public static func mayApprove(role: Role, sensitivity: Sensitivity) -> Bool {
        guard Permissions.allows(role, .approveSensitiveRetrieval) else { return false }
        return sensitivity == .stateSecret ? role == .supervisor : true
    }

    /// The separate rule beside the role table (SPEC R9.2): the approver is entitled for this
    /// marking and is not the requester.
    public static func checkApprover(
        _ approverID: UUID, role: Role, for request: RetrievalRequest
    ) throws(RetrievalError) {
        guard mayApprove(role: role, sensitivity: request.sensitivity) else {
            throw .notEntitledToApprove(role, request.sensitivity)
        }
        guard approverID != request.requesterID else { throw .approverIsRequester }
    }
}
