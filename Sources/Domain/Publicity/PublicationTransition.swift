import Foundation

/// One step of a publication's workflow, as data: what happened, from which state to which, who did
/// it, when, to which version, and why (SPEC P11, P9, X3).
///
/// Storage appends each one to the ledger (event type `eventType`, with the SHA-256 of the version's
/// canonical content) and to the publication's history; nothing is updated in place.
public struct PublicationTransition: Hashable, Sendable, Codable {
    /// The kinds of step. Raw values are stable slugs: the ledger event type is `publication.<slug>`.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        case drafted = "drafted"
        case revised = "revised"
        case submitted = "submitted"
        case sentBack = "sent-back"
        case approved = "approved"
        case published = "published"
        case correctionProposed = "correction-proposed"
        case corrected = "corrected"
        case correctionRejected = "correction-rejected"
        case withdrawn = "withdrawn"
        case expired = "expired"
        case endedEarly = "ended-early"

        public var chineseName: String {
            switch self {
            case .drafted: "起草"
            case .revised: "修改"
            case .submitted: "提交审核"
            case .sentBack: "退回"
            case .approved: "审核通过"
            case .published: "发布"
            case .correctionProposed: "提出更正"
            case .corrected: "更正"
            case .correctionRejected: "驳回更正"
            case .withdrawn: "撤下"
            case .expired: "公示期满"
            case .endedEarly: "提前终止公示"
            }
        }
    }

    public let publicationID: UUID
    public let kind: Kind
    /// nil for the first step (the draft coming into being).
    public let from: PublicationState?
    public let to: PublicationState
    /// nil when the system did it (expiry at the end of the publicity period, SPEC P7.5).
    public let by: PublicationActor?
    public let at: Date
    /// The version the step is about (the draft, the approved or published one, the correction).
    public let versionID: UUID
    /// The reason or comment: of a correction, a withdrawal, an early end, a send-back or a rejected
    /// correction; nil for steps that need none.
    public let reason: String?
    /// The publicity-period category the legal section chose when approving (SPEC P7.5, P11; issue 13
    /// item 4): the drafter does not choose it, the approver does. Nil for every other step.
    public let category: PublicityCategory?

    public init(
        publicationID: UUID, kind: Kind, from: PublicationState?, to: PublicationState,
        by: PublicationActor?, at: Date, versionID: UUID, reason: String? = nil, category: PublicityCategory? = nil
    ) {
        self.publicationID = publicationID
        self.kind = kind
        self.from = from
        self.to = to
        self.by = by
        self.at = at
        self.versionID = versionID
        self.reason = reason
        self.category = category
    }

    /// The ledger event type (ARCHITECTURE "The ledger"): `publication.published`, `publication.withdrawn` …
    public var eventType: String { "publication.\(kind.rawValue)" }
}
