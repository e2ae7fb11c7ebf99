import Foundation

/// Where a publication stands in its four-eyes workflow (SPEC P11, P9, P7.5).
///
/// draft → submitted → approved → published → corrected (a newer published version) / withdrawn /
/// expired; submitted → sentBack → draft (revised). Transitions are made only by
/// `PublicationWorkflow`, each recorded as a `PublicationTransition`.
public enum PublicationState: Hashable, Sendable, Codable {
    /// 草稿: being written; not visible outside the bureau.
    case draft
    /// 待审核: waiting for a second person of the legal section (SPEC P11).
    case submitted
    /// 已退回: the reviewer sent it back with a comment; the next revision makes it a draft again.
    case sentBack(comment: String)
    /// 已审核: approved by a second person, ready to publish.
    case approved
    /// 已公示.
    case published
    /// 已更正: published, and its published version is a correction of an earlier one (SPEC P9.1).
    case corrected
    /// 已撤下 (SPEC P9.3): no longer shown; its content never appears on a public page again.
    case withdrawn(reason: String)
    /// 公示期满 (SPEC P7.5): off the public lists; kept in the ledger and the archive.
    case expired

    /// A stable slug for storage, URLs and filters (the associated texts are stored beside it).
    public var slug: String {
        switch self {
        case .draft: "draft"
        case .submitted: "submitted"
        case .sentBack: "sent-back"
        case .approved: "approved"
        case .published: "published"
        case .corrected: "corrected"
        case .withdrawn: "withdrawn"
        case .expired: "expired"
        }
    }

    public var chineseName: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "待审核"
        case .sentBack: "已退回"
        case .approved: "已审核"
        case .published: "已公示"
        case .corrected: "已更正"
        case .withdrawn: "已撤下"
        case .expired: "公示期满"
        }
    }

    /// Published or corrected: the state in which content can be on the public pages.
    public var isPublic: Bool { self == .published || self == .corrected }

    /// Withdrawn or expired: nothing further can happen.
    public var isFinal: Bool {
        switch self {
        case .withdrawn, .expired: true
        default: false
        }
    }
}
