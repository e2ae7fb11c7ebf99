import Domain
import Foundation

/// The `publications` row of one publication: the read model the portal lists and searches
/// (see `CreatePublicity`). A pure function of the publication, so `lawtrail verify` can rebuild it
/// from the insert-only tables and compare.
///
/// Everything public in it comes from `PublicContent` — masked — and only while the item may be
/// shown: a withdrawn, expired or withheld item keeps no public title, counterparty or search words,
/// so no list, search or export can leak its content (SPEC P9.3, P7.5, X4).
struct PublicationHead: Equatable, Sendable {
    let id: UUID
    let kind: PublicationKind
    let state: String
    let stateReason: String?
    let title: String
    let createdAt: Int64
    let updatedAt: Int64
    let latestVersionID: UUID
    let publishedVersionID: UUID?
    let pendingCorrectionID: UUID?
    let period: String?
    let periodLastDay: String?
    let publishedAt: Int64?
    let withdrawnAt: Int64?
    let listed: Bool
    let publicDate: String?
    let publicTitle: String?
    let publicNumber: String?
    let publicParty: String?
    let publicPartyCode: String?
    let publicLedgerIndex: Int64?
    let responsibleUnitID: UUID
    let responsiblePersonID: UUID
    let sourceCaseID: UUID?
    let sourceActivityID: UUID?
    let sourceOfficerID: UUID?
    let searchTokens: String
    /// The item's place in the public lists while listed (`listKey(date:id:)`); nil otherwise.
    let listKey: Int64?

    /// `publicLedgerIndex` is the leaf of the step that made the shown version public.
    init(_ publication: Publication, publicLedgerIndex: Int64?) throws {
        let latest = publication.latestVersion
        id = publication.id
        kind = publication.kind
        state = publication.state.slug
        switch publication.state {
        case .sentBack(let comment): stateReason = comment
        case .withdrawn(let reason): stateReason = reason
        default: stateReason = nil
        }
        // The staff title, with any ID number masked even for a version stored in clear (issue 12 item 3).
        title = IdentityNumberRedaction.redacted(latest).title
        createdAt = (publication.history.first?.at ?? latest.draftedAt).unixMilliseconds
        updatedAt = (publication.history.last?.at ?? latest.draftedAt).unixMilliseconds
        latestVersionID = latest.id
        publishedVersionID = publication.publishedVersionID
        pendingCorrectionID = publication.pendingCorrectionID
        period = try publication.period.map { String(decoding: try JSONCoding.encoder.encode($0), as: UTF8.self) }
        periodLastDay = publication.period?.lastDay?.description
        publishedAt = publication.publishedAt?.unixMilliseconds
        withdrawnAt = publication.withdrawnAt?.unixMilliseconds
        let responsibility = (publication.publishedVersion ?? latest).responsibility
        responsibleUnitID = responsibility.unitID
        responsiblePersonID = responsibility.personID
        sourceCaseID = latest.sourceCaseID
        sourceActivityID = latest.sourceActivityID
        sourceOfficerID = latest.fields["officerId"].flatMap(UUID.init(uuidString:))

        let shown = publication.publishedVersion
        listed = publication.state.isPublic && shown.map { !$0.disclosure.isWithheld } == true
        if listed, let shown {
            let content = PublicContent.shown(shown)
            publicTitle = content.title
            publicNumber = content.value("decisionNumber") ?? content.value("licenceDocumentNumber")
            publicParty = content.counterpartyName
            publicPartyCode = content.counterpartyIdentifier
            let decided = content.value("decisionDate").flatMap(DoublePublicityFields.date)
            publicDate = (decided ?? publication.publishedAt.map { CivilDate($0) })?.description
            self.publicLedgerIndex = publicLedgerIndex
            listKey = publicDate.flatMap(CivilDate.init(iso:)).map { Self.listKey(date: $0, id: publication.id) }
            searchTokens = SearchTokens.index([content.title, content.counterpartyName ?? "", content.counterpartyIdentifier ?? ""]
                + content.fields.map(\.value))
        } else {
            publicTitle = nil
            publicNumber = nil
            publicParty = nil
            publicPartyCode = nil
            publicDate = publication.publishedAt.map { CivilDate($0) }?.description
            self.publicLedgerIndex = nil
            listKey = nil
            searchTokens = ""
        }
    }

    /// The list order as one number (issue 16 item 3): the day of `date` (days since 1970, 16 bits)
    /// above the first 47 bits of the id. Ordering by it descending is ordering by
    /// `public_date DESC, id DESC` — the portal's order — so SQLite's full-text table, whose rowid it
    /// is, yields matches newest first and stops after a page. Two ids of one day agree in 47 bits
    /// with probability 2⁻⁴⁷ per pair; the full-text table's rowid would then refuse the second.
    /// `IndexPublicationsInListOrder` computes the same in SQL for existing rows.
    static func listKey(date: CivilDate, id: UUID) -> Int64 {
        let day = Int64(min(max(date.dayNumber, 0), 0xFFFF))
        let bytes = id.uuid
        let top48 = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return day << 47 | top48 >> 1
    }
}
