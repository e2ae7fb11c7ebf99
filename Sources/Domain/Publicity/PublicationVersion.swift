import Foundation

/// One immutable version of a publication's content (SPEC X3: "nothing is ever updated in place: a
/// correction is a new version that points at the old one"; P9.1).
///
/// A version is drafted once and never changed; revising a draft, answering a send-back or
/// correcting a published item each add a new version whose `supersedes` names the one before, and
/// every version is kept so that the history can be shown and checked against the ledger.
public struct PublicationVersion: Hashable, Sendable, Codable, Identifiable {
    public let id: UUID
    public let publicationID: UUID
    /// 1, 2, 3 … in the order the versions were drafted.
    public let number: Int
    public let kind: PublicationKind
    /// The heading shown in lists, e.g. `普应急罚〔2026〕12号 行政处罚决定`.
    public let title: String
    /// The content: for penalty and licensing decisions the 双公示 fields by their keys
    /// (`DoublePublicityFields`); for other kinds free keys, which the public view shows as they are.
    public let fields: [String: String]
    /// The unit and person who answer for this item (SPEC P2).
    public let responsibility: Responsibility
    public let disclosure: PublicationDisclosure
    /// The activity and case the content was taken from, so nothing is typed twice (issue 5).
    public let sourceActivityID: UUID?
    public let sourceCaseID: UUID?
    /// The counterparty the item is about, when there is one: decides masking (SPEC X4).
    public let counterparty: Counterparty?
    public let draftedBy: UUID
    public let draftedAt: Date
    /// The version this one replaces; nil for the first.
    public let supersedes: UUID?
    /// Why a published item was corrected (SPEC P9.1); nil for versions that are not corrections.
    public let correctionReason: String?
    /// The masking rule this version's public content is made with (issue 12); nil for versions
    /// stored before issue 12, which read as `PublicMaskingRule.exactCopies`.
    public let maskingRule: PublicMaskingRule?
    /// Other natural persons the system knows in the source case (parties, people in its
    /// counterparty directory), whose names are masked wherever the free text names them (SPEC X4;
    /// issue 12 item 4). Names only: their ID numbers are masked by shape, wherever they are.
    public let otherPersonNames: [String]?

    /// The rule to read this version with.
    public var masking: PublicMaskingRule { maskingRule ?? .exactCopies }

    public init(
        id: UUID = UUID(), publicationID: UUID, number: Int, kind: PublicationKind, title: String,
        fields: [String: String], responsibility: Responsibility, disclosure: PublicationDisclosure,
        sourceActivityID: UUID? = nil, sourceCaseID: UUID? = nil, counterparty: Counterparty? = nil,
        draftedBy: UUID, draftedAt: Date, supersedes: UUID? = nil, correctionReason: String? = nil,
        maskingRule: PublicMaskingRule? = .current, otherPersonNames: [String]? = nil
    ) {
        self.id = id
        self.publicationID = publicationID
        self.number = number
        self.kind = kind
        self.title = title
        self.fields = fields
        self.responsibility = responsibility
        self.disclosure = disclosure
        self.sourceActivityID = sourceActivityID
        self.sourceCaseID = sourceCaseID
        self.counterparty = counterparty
        self.draftedBy = draftedBy
        self.draftedAt = draftedAt
        self.supersedes = supersedes
        self.correctionReason = correctionReason
        self.maskingRule = maskingRule
        self.otherPersonNames = otherPersonNames.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the counterparty is a natural person, by either the counterparty record or the
    /// 双公示 field 行政相对人类别 — either one is enough, so a mismatch errs on the side of masking.
    public var concernsNaturalPerson: Bool {
        counterparty?.kind == .naturalPerson
            || DoublePublicityFields.trimmed(fields["counterpartyCategory"]) == DoublePublicityFields.naturalPersonCategory
    }

    /// What is wrong with this version's content for its kind, as field key → Chinese sentence
    /// (`DoublePublicityFields.validate` for penalty and licensing decisions; the title, the
    /// responsibility and the disclosure basis for every kind). Empty when nothing is.
    public func problems(today: CivilDate) -> [String: String] {
        var problems: [String: String] = [:]
        // A withheld decision shares nothing, so its 双公示 fields need not be complete.
        if !disclosure.isWithheld, let schema = kind.doublePublicityFields {
            problems = schema.validate(fields, today: today)
        }
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems["title"] = "标题不能为空"
        }
        if !responsibility.isComplete {
            problems["responsibility"] = "应写明责任单位和责任人（谁执法、谁公示、谁负责）"
        }
        switch disclosure {
        case .publish(let basis):
            if basis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems["disclosure"] = "应写明公示的法律依据"
            }
        case .withheld(let basis, let reason):
            if basis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems["disclosure"] = "依法不予公开的，应写明法律依据和理由"
            }
        }
        return problems
    }
}
