import Foundation

/// What the public sees of a publication (SPEC X4, P7.5, P9, P2): the one place that decides, so
/// that the portal, the open-data exports and the channel outboxes cannot differ.
///
/// - Only items that have been published have a public view; drafts and items under review have none.
/// - Published or corrected items show their published version: natural persons' names and identity
///   numbers masked with `PersonalDataMask` (SPEC X4), legal persons' never; the history of published
///   versions with each correction's date and reason (SPEC P9.1).
/// - A withdrawn item says that it was withdrawn and when, and shows no content — no title, no
///   fields, no history, not even the reason, which may repeat the content (SPEC P9.3).
/// - An expired item or one withheld by law (依法不予公开) shows no content either (SPEC P7.5, P7.1),
///   nor does one published under a category that is not published (轻微失信信息原则上不予公示,
///   an empty period; issue 13 item 4) — from the moment it is published, not only once its expiry
///   has been recorded.
///
/// Masking goes further than the fields marked as personal: every occurrence of the natural person's
/// full name or identity number anywhere in the shown text (the title, the facts, a correction
/// reason) is replaced by its masked form, because drafters write names into free text.
/// A legal representative's identity number is always masked (it is a natural person's), the legal
/// representative's name is not (it is public registration information of the organisation).
/// A 个体工商户 is treated as an organisation: its registered name and USCC are public.
public struct PublicView: Hashable, Sendable, Codable {
    /// What the page says about the item's standing.
    public enum Status: Hashable, Sendable, Codable {
        case published
        /// Published, and corrected at least once (SPEC P9.1).
        case corrected
        /// 已撤下 on this day (SPEC P9.3); no content.
        case withdrawn(on: CivilDate)
        /// 公示期满 (SPEC P7.5); no content.
        case expired
        /// 依法不予公开, on this legal basis (SPEC P7.1); no content.
        case withheld(legalBasis: String)
        /// 原则上不予公示: published under a category that is not listed (a minor-breach penalty,
        /// 《信用修复管理办法》; issue 13 item 4); no content.
        case notListed

        public var chineseName: String {
            switch self {
            case .published: "已公示"
            case .corrected: "已更正"
            case .withdrawn: "已撤下"
            case .expired: "公示期满"
            case .withheld: "依法不予公开"
            case .notListed: "不予公示"
            }
        }
    }

    public typealias Field = PublicContent.Field

    /// One published version in the history: "第2版，更正于 2026年3月2日，原因 …".
    public struct HistoryEntry: Hashable, Sendable, Codable {
        public let versionNumber: Int
        public let publishedOn: CivilDate
        /// nil for the first published version.
        public let correctionReason: String?
    }

    public let publicationID: UUID
    public let kind: PublicationKind
    public let status: Status
    /// nil when no content may be shown.
    public let title: String?
    /// The counterparty as it may be shown (masked for natural persons); nil without content.
    public let counterpartyName: String?
    public let counterpartyIdentifier: String?
    /// Empty when no content may be shown.
    public let fields: [Field]
    /// Empty when no content may be shown.
    public let history: [HistoryEntry]
    /// SPEC P2: who answers for it; shown while content is shown.
    public let responsibleUnit: String?
    public let responsiblePerson: String?
    /// The published version this view shows, for the ledger link (nil without content).
    public let versionID: UUID?

    /// Whether the page may show any content.
    public var hasContent: Bool { versionID != nil }

    /// The public view of `publication`; nil when it has never been published.
    public init?(_ publication: Publication) {
        guard let shown = publication.publishedVersion else { return nil }
        publicationID = publication.id
        kind = publication.kind

        let status: Status
        switch publication.state {
        case .withdrawn:
            status = .withdrawn(on: CivilDate(publication.withdrawnAt ?? shown.draftedAt))
        case .expired:
            status = publication.period?.isEmpty == true ? .notListed : .expired
        default:
            if case .withheld(let basis, _) = shown.disclosure {
                status = .withheld(legalBasis: basis)
            } else if publication.period?.isEmpty == true {
                status = .notListed
            } else {
                status = publication.state == .corrected ? .corrected : .published
            }
        }
        self.status = status
        guard status == .published || status == .corrected else {
            title = nil
            counterpartyName = nil
            counterpartyIdentifier = nil
            fields = []
            history = []
            responsibleUnit = nil
            responsiblePerson = nil
            versionID = nil
            return
        }

        let content = PublicContent.shown(shown)
        title = content.title
        versionID = shown.id
        responsibleUnit = content.responsibleUnit
        responsiblePerson = content.responsiblePerson
        fields = content.fields
        counterpartyName = content.counterpartyName
        counterpartyIdentifier = content.counterpartyIdentifier

        let publishedOn = Dictionary(
            publication.history.filter { $0.kind == .published || $0.kind == .corrected }.map { ($0.versionID, $0.at) },
            uniquingKeysWith: { first, _ in first })
        history = publication.publishedVersions.map { version in
            HistoryEntry(
                versionNumber: version.number,
                publishedOn: CivilDate(publishedOn[version.id] ?? version.draftedAt),
                correctionReason: PublicContent.shown(version).correctionReason)
        }
    }
}
