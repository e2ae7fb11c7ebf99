import Foundation

/// Why a retrieval, or a step of a retrieval request, was refused (SPEC R9.1, R9.2, X5).
///
/// Match the case in code and tests, never the text; `message` is the one line in Simplified
/// Chinese shown to the person (and kept with the refusal in the log, SPEC X5).
public enum RetrievalError: Error, Hashable, Sendable, CustomStringConvertible {
    // MARK: The purpose (SPEC R9.2 "why")

    /// No purpose was given.
    case purposeMissing
    /// The purpose slug is not one of `RetrievalPurpose.Kind`.
    case purposeUnknown(String)
    /// `其他` was chosen without saying what.
    case purposeTextRequired
    /// The note is longer than `RetrievalPurpose.maximumTextLength`.
    case purposeTextTooLong(count: Int)

    // MARK: Who (SPEC R9.1 "those entitled", X5)

    /// The role may not retrieve records at all (the administrator).
    case roleNotEntitled(Role)
    /// The role may retrieve only its own uploads, and this record is someone else's.
    case notOwnUpload(Role)
    /// The role may not retrieve, nor ask to retrieve, records with this marking.
    case sensitiveNotForRole(Role, Sensitivity)

    // MARK: The approval (SPEC R9.2 "sensitive records need approval")

    /// A request was made for a record that needs no approval.
    case approvalNotNeeded
    /// The role may not approve or reject requests for records with this marking.
    case notEntitledToApprove(Role, Sensitivity)
    /// The approver is the requester: approval must come from someone else.
    case approverIsRequester
    /// The request was already approved or rejected; a decision is never changed in place.
    case alreadyDecided
    /// A rejection was given without a reason.
    case rejectionReasonRequired
    /// The request for this retrieval was rejected, for this reason.
    case requestRejected(reason: String)

    /// One line, Simplified Chinese.
    public var message: String {
        switch self {
        case .purposeMissing:
            let kinds = RetrievalPurpose.Kind.allCases.map(\.chineseName).joined(separator: "、")
            return "调阅记录资料须说明事由（\(kinds)）"
        case .purposeUnknown(let slug):
            return "调阅事由“\(slug)”不在可选范围内"
        case .purposeTextRequired:
            return "调阅事由选择“其他”时，须写明具体事由"
        case .purposeTextTooLong(let count):
            return "调阅事由说明不得超过\(RetrievalPurpose.maximumTextLength)字，实为\(count)字"
        case .roleNotEntitled(let role):
            return "“\(role.chineseName)”角色无权调阅记录资料"
        case .notOwnUpload(let role):
            return "“\(role.chineseName)”角色只能调阅本人上传的记录资料"
        case .sensitiveNotForRole(let role, let sensitivity):
            return "该记录资料涉及\(sensitivity.chineseName)，“\(role.chineseName)”角色不能调阅或申请调阅"
        case .approvalNotNeeded:
            return "该记录资料不涉及国家秘密、商业秘密或个人隐私，调阅无需审批"
        case .notEntitledToApprove(let role, let sensitivity):
            if sensitivity == .stateSecret, Permissions.allows(role, .approveSensitiveRetrieval) {
                return "涉及国家秘密的记录资料，调阅申请须由局领导审批"
            }
            return "“\(role.chineseName)”角色无权审批调阅申请"
        case .approverIsRequester:
            return "调阅申请须由申请人以外的人员审批"
        case .alreadyDecided:
            return "该调阅申请已审批完毕，不能再次审批或驳回"
        case .rejectionReasonRequired:
            return "驳回调阅申请须说明理由"
        case .requestRejected(let reason):
            return "调阅申请已被驳回：\(reason)"
        }
    }

    public var description: String { message }
}
