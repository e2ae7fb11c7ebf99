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
            searchTokens = SearchTokens.index([content.title, content.counterpartyName ?? "", content.counterpartyIdentifier ?? ""]
                + content.fields.map(\.value))
        } else {
            publicTitle = nil
            publicNumber = nil
            publicParty = nil
            publicPartyCode = nil
            publicDate = publication.publishedAt.map { CivilDate($0) }?.description
            self.publicLedgerIndex = nil
            searchTokens = ""
        }
    }
}
