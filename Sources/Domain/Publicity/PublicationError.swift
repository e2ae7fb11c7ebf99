import Foundation

/// Why a step of the publication workflow was refused (SPEC P11, P9, P7.5, X5).
///
/// Match the case in code and tests; show `message` (one Simplified Chinese sentence) to people.
public enum PublicationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The role may not take this action at all (the `Permissions` table; to be logged, SPEC X5).
    case notPermitted(PermissionError)
    /// Before-enforcement items and the yearly figures are the legal section's (SPEC P3).
    case legalSectionOnly(PublicationKind)
    /// The approver drafted (a version of) what they are asked to approve (SPEC P11 four-eyes).
    case drafterCannotApprove
    /// The step does not apply in the current state, e.g. publishing what is not approved.
    case notAllowed(from: PublicationState, step: PublicationTransition.Kind)
    /// A correction, withdrawal or early end without a reason (SPEC P9.1, P9.3, P7.5).
    case reasonRequired(PublicationTransition.Kind)
    /// A send-back or a rejected correction without a comment for the drafter.
    case commentRequired(PublicationTransition.Kind)
    /// A version that does not fit the publication: another publication's, another kind, the wrong
    /// number or predecessor, or drafted under someone else's name.
    case versionMismatch(String)
    /// The content is incomplete or wrong: field key → Chinese sentence.
    case invalidContent([String: String])
    /// A correction is already waiting for review; review it first.
    case correctionPending
    /// There is no correction waiting for review.
    case noCorrectionPending
    /// The publicity period has no end, or has not ended on the given day.
    case periodNotEnded(lastDay: CivilDate?)
    /// A publicity period of a category this kind cannot have (SPEC P7.5).
    case periodCategoryMismatch(PublicationKind, PublicityCategory)
    /// The minimum publicity period has not run yet (or the category has none), so it cannot be
    /// ended early (SPEC P7.5).
    case minimumPeriodNotReached(earliest: CivilDate?)

    /// One sentence, Simplified Chinese.
    public var message: String {
        switch self {
        case .notPermitted(let error):
            return error.message
        case .legalSectionOnly(let kind):
            return "“\(kind.chineseName)”由法制宣传科录入、发布、更正和撤下"
        case .drafterCannotApprove:
            return "不能审核本人起草的公示信息，须由另一名法制宣传科人员审核"
        case .notAllowed(let from, let step):
            return "公示信息当前为“\(from.chineseName)”，不能\(step.chineseName)"
        case .reasonRequired(let step):
            return "\(step.chineseName)须说明理由"
        case .commentRequired(let step):
            return "\(step.chineseName)须写明意见"
        case .versionMismatch(let detail):
            return "版本不符：\(detail)"
        case .invalidContent(let problems):
            return "公示内容有误：" + problems.keys.sorted().compactMap { problems[$0] }.joined(separator: "；")
        case .correctionPending:
            return "已有待审核的更正，请先审核"
        case .noCorrectionPending:
            return "没有待审核的更正"
        case .periodNotEnded(let lastDay):
            if let lastDay { return "公示期至\(lastDay.chinese)，尚未届满" }
            return "该公示信息没有公示期限，不会期满"
        case .periodCategoryMismatch(let kind, let category):
            return "“\(kind.chineseName)”不能按“\(category.chineseName)”的公示期限公示"
        case .minimumPeriodNotReached(let earliest):
            if let earliest { return "最短公示期未满，\(earliest.chinese)起方可提前终止公示" }
            return "该类公示信息没有最短公示期，不能提前终止公示"
        }
    }

    public var description: String { message }
}
