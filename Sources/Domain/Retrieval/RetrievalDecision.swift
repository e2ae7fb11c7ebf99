import Foundation

/// The answer to "may this person open this record now?" (SPEC R9.1, R9.2).
///
/// `needsApproval` is not a refusal: the page offers the request form (issue 6 item 5) rather than
/// an error. `refused` is logged as a refusal (SPEC X5).
public enum RetrievalDecision: Hashable, Sendable {
    /// Why an approval is still needed.
    public enum ApprovalNeed: Hashable, Sendable {
        /// No approved request of this person for this record with this marking.
        case noRequest(Sensitivity)
        /// A request is waiting for a decision.
        case pending
        /// The approval's window (`RetrievalRequest.approvalValidity`) ended at `validUntil`.
        case expired(validUntil: Date)
    }

    case allowed
    case needsApproval(ApprovalNeed)
    case refused(RetrievalError)

    /// One line, Simplified Chinese, for the page.
    public var message: String {
        switch self {
        case .allowed:
            "可以调阅"
        case .needsApproval(.noRequest(let sensitivity)):
            "该记录资料涉及\(sensitivity.chineseName)，须经审批后调阅；请提出调阅申请"
        case .needsApproval(.pending):
            "调阅申请尚待审批"
        case .needsApproval(.expired(let validUntil)):
            "调阅审批的有效期已于\(ShanghaiTime.chinese(validUntil))届满，请重新申请"
        case .refused(let error):
            error.message
        }
    }

}
