import Domain
import Persistence
import Vapor

/// The model of `publication.leaf`: what a citizen sees of one publication, and how to check it
/// against the ledger (issue 5 item 6; SPEC P9.1, P9.3, X3, X4) — online in the browser with
/// `Public/verify.js` (issue 10 item 8), or offline with the proof bundle.
struct PublicationDetailPage: Content {
    struct Field: Content {
        /// The key in the canonical content (`fields.<key>`), for the online check to compare.
        let key: String
        let label: String
        let value: String
        /// Whether `value` is the content's ISO date written as people read it (2026年11月29日).
        let isDate: Bool
    }

    struct HistoryLine: Content {
        let text: String
        let contentURL: String?
    }

    let bureauName: String
    let todayChinese: String
    /// The publication's id as in its URL and its ledger leaves (lower case).
    let publicationID: String
    let title: String
    let kindName: String
    let kindURL: String
    let statusName: String
    /// "本信息已于 … 撤下。" and the like; nil while shown.
    let statusNote: String?
    let hasContent: Bool
    let counterpartyName: String?
    let counterpartyIdentifier: String?
    let fields: [Field]
    let history: [HistoryLine]
    let responsibleUnit: String?
    let responsiblePerson: String?
    let legalBasis: String?
    let publishedOn: String?
    let periodText: String?
    /// The leaf of the step that made the shown version public (or of the last step, once it is not).
    let ledgerIndex: UInt64?
    let hasLedger: Bool
    /// Whether the leaf shown is the withdrawal or expiry (the content is gone, the event is not).
    let isRemovalLeaf: Bool
    let ledgerEntryURL: String?
    let inclusionProofURL: String?
    let contentURL: String?
    let proofBundleURL: String?
    let correctionURL: String
    let treeSize: UInt64

    init(
        view: PublicView, publication: Publication, steps: [PublicationQueries.Step], treeSize: UInt64,
        bureauName: String, today: CivilDate
    ) {
        let id = publication.id.lowercased
        self.bureauName = bureauName
        publicationID = id
        todayChinese = today.chinese
        kindName = view.kind.chineseName
        kindURL = SiteURL.publications.path + "?kind=" + view.kind.rawValue
        statusName = view.status.chineseName
        hasContent = view.hasContent
        title = view.title ?? "\(view.kind.chineseName)（\(view.status.chineseName)）"
        switch view.status {
        case .withdrawn(let day):
            statusNote = "本信息已于\(day.chinese)撤下，内容不再公开。撤下记录保存在防篡改账本中。"
        case .expired:
            statusNote = "本信息公示期已满，已不在公示列表中显示，内容不再公开。"
        case .withheld(let basis):
            statusNote = "本信息依法不予公开（依据：\(basis)）。"
        case .notListed:
            statusNote = "本信息按照信用修复有关规定原则上不予公示，内容不公开。"
        case .published, .corrected:
            statusNote = nil
        }
        counterpartyName = view.counterpartyName
        counterpartyIdentifier = view.counterpartyIdentifier
        // Dates as people read them (2026年11月29日); the canonical content keeps ISO dates.
        let dateKeys = Set(view.kind.doublePublicityFields?.fields.filter { $0.kind == .date }.map(\.key) ?? [])
        fields = view.fields.map { field in
            let date = dateKeys.contains(field.key) ? DoublePublicityFields.date(field.value) : nil
            return Field(key: field.key, label: field.label, value: date?.chinese ?? field.value, isDate: date != nil)
        }
        responsibleUnit = view.responsibleUnit
        responsiblePerson = view.responsiblePerson
        legalBasis = view.hasContent ? publication.publishedVersion?.disclosure.legalBasis : nil
        publishedOn = publication.publishedAt.map { CivilDate($0).chinese }
        if let period = publication.period, view.hasContent {
            periodText = "\(period.start.chinese)起" + (period.lastDay.map { "至\($0.chinese)" } ?? "，长期公示")
        } else {
            periodText = nil
        }
        let contentBase = SiteURL.publicationContent(id).path
        history = view.hasContent ? view.history.map { entry in
            let text = entry.correctionReason.map { "第\(entry.versionNumber)版，更正于\(entry.publishedOn.chinese)，原因：\($0)" }
                ?? "第\(entry.versionNumber)版，发布于\(entry.publishedOn.chinese)"
            return HistoryLine(text: text, contentURL: contentBase + "?version=\(entry.versionNumber)")
        } : []

        // The leaf to check: the step that made the shown version public; once the item is off the
        // pages, the step that took it off (its content is gone, the event is not).
        let shownStep = steps.last { ($0.kind == .published || $0.kind == .corrected) && $0.versionID == view.versionID }
        let step = view.hasContent ? shownStep : steps.last
        ledgerIndex = step?.ledgerIndex
        hasLedger = step != nil
        isRemovalLeaf = !view.hasContent
        ledgerEntryURL = step.map { SiteURL.ledgerEntry(String($0.ledgerIndex)).path }
        inclusionProofURL = step.map { SiteURL.ledgerInclusionProof.path + "?index=\($0.ledgerIndex)&size=\(treeSize)" }
        contentURL = view.hasContent ? contentBase : nil
        proofBundleURL = view.hasContent ? SiteURL.publicationProofBundle(id).path : nil
        correctionURL = SiteURL.correctionForm.path + "?publication=" + id
        self.treeSize = treeSize
    }
}
