import Domain
import Fluent
import Ledger
import Persistence
import Vapor

/// The public portal's publication pages (issue 5 item 6; SPEC P1, P5, P7, P9, X4): lists per kind
/// with date range, counterparty and full-text search, and a detail page with its version history
/// and its place in the ledger. Server-rendered, no JavaScript, masked by `PublicContent`.
struct PublicationPages: RouteCollection {
    static let perPage = 20
    /// Deep offsets cost a scan; past this the page asks for a narrower search instead.
    static let maxPage = 500

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.publications.components, use: list)
        routes.get(SiteURL.publication(":id").components, use: detail)
        routes.get(SiteURL.publicationContent(":id").components, use: content)
        routes.get(SiteURL.publicationProofBundle(":id").components, use: proofBundle)
    }

    // MARK: List

    struct ListQuery: Content {
        var kind: String?
        var from: String?
        var to: String?
        var q: String?
        var party: String?
        var page: Int?
    }

    /// A list page (issue 16 item 2): `304` when the client's copy is current, the rendered page
    /// from the cache when this server has it for the database's current mark, else the query and
    /// the page rendered by `PublicationListPage.html`.
    @Sendable
    func list(req: Request) async throws -> Response {
        let services = req.application.lawTrail
        let caches = req.application.portalPages
        let mark = RenderedPageCache.Mark(
            day: services.today.description, index: try await PublicationQueries(database: req.db).newestStepIndex())
        let etag = caches.etag("l", mark)
        if let answer = Self.notModified(req, etag: etag) { return answer }
        let key = req.url.query ?? ""
        if let page = caches.lists.page(key, mark: mark) { return Self.htmlResponse(page, etag: etag) }
        let page = ByteBuffer(string: try await listPage(req: req).html.text)
        caches.lists.store(page, key: key, mark: mark)
        return Self.htmlResponse(page, etag: etag)
    }

    func listPage(req: Request) async throws -> PublicationListPage {
        let query = try req.query.decode(ListQuery.self)
        let services = req.application.lawTrail
        var notes: [String] = []
        var filter = PublicationQueries.PublicFilter()
        let kind = query.kind.flatMap(PublicationKind.init(rawValue:))
        if let kind { filter.kinds = [kind] } else if let slug = query.kind, !slug.isEmpty { notes.append("未知的公示类别，已显示全部类别。") }
        filter.from = Self.date(query.from, label: "起始日期", notes: &notes)
        filter.to = Self.date(query.to, label: "截止日期", notes: &notes)
        filter.text = Self.trimmed(query.q, max: 100)
        filter.party = Self.trimmed(query.party, max: 100)
        let page = min(Self.maxPage, max(1, query.page ?? 1))
        if (query.page ?? 1) > Self.maxPage { notes.append("页码过大，请缩小日期范围或使用搜索。") }
        let database = req.db
        let list = { [filter] in
            try await PublicationQueries(database: database)
                .publicList(filter, today: services.today, offset: (page - 1) * Self.perPage, limit: Self.perPage)
        }
        // A search runs in a bounded number of slots (issue 12 item 7); browsing by date walks an index.
        let (items, hasMore) = filter.text != nil || filter.party != nil
            ? try await req.application.publicCost.searches.run(list) : try await list()

        func url(page: Int) -> String {
            var components = URLComponents()
            components.path = SiteURL.publications.path
            let pairs: [(String, String?)] = [
                ("kind", kind?.rawValue), ("from", filter.from?.description), ("to", filter.to?.description),
                ("q", filter.text), ("party", filter.party), ("page", page > 1 ? String(page) : nil),
            ]
            components.queryItems = pairs.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            if components.queryItems?.isEmpty == true { components.queryItems = nil }
            return components.string ?? SiteURL.publications.path
        }

        let model = PublicationListPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese,
            heading: kind?.chineseName ?? "全部公示信息",
            kinds: PublicationKind.allCases.map { .init(slug: $0.rawValue, name: $0.chineseName, selected: $0 == kind) },
            kind: kind?.rawValue ?? "", from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            q: filter.text ?? "", party: filter.party ?? "",
            items: items.map(PublicationListPage.Row.init),
            page: page,
            previousURL: page > 1 ? url(page: page - 1) : nil,
            nextURL: hasMore && page < Self.maxPage ? url(page: page + 1) : nil,
            notes: notes,
            isSearch: filter.text != nil || filter.party != nil || filter.from != nil || filter.to != nil,
            isEmpty: items.isEmpty,
            firstNumber: (page - 1) * Self.perPage + 1,
            resetURL: SiteURL.publications.path + (kind.map { "?kind=" + $0.rawValue } ?? ""))
        return model
    }

    // MARK: Detail

    /// A detail page: it shows the ledger's size, so its mark is that size (any append changes it).
    @Sendable
    func detail(req: Request) async throws -> Response {
        let services = req.application.lawTrail
        let caches = req.application.portalPages
        let treeSize = try await LedgerReader(database: req.db).size()
        let mark = RenderedPageCache.Mark(day: services.today.description, index: Int64(treeSize))
        let etag = caches.etag("d", mark)
        let key = req.parameters.get("id")?.lowercased() ?? ""
        // Only a page that exists has a tag: an unknown id stays 404 whatever the client sends.
        if let page = caches.details.page(key, mark: mark) {
            return Self.notModified(req, etag: etag) ?? Self.htmlResponse(page, etag: etag)
        }
        let model = try await detailPage(req: req, treeSize: treeSize)
        if let answer = Self.notModified(req, etag: etag) { return answer }
        let page = ByteBuffer(string: model.html.text)
        caches.details.store(page, key: key, mark: mark)
        return Self.htmlResponse(page, etag: etag)
    }

    func detailPage(req: Request, treeSize: UInt64) async throws -> PublicationDetailPage {
        let services = req.application.lawTrail
        let publication = try await Self.publicPublication(req)
        guard let view = PublicView(publication) else { throw Problem.notFound("公示信息不存在。") }
        let steps = try await PublicationQueries(database: req.db).steps(publication.id)
        return PublicationDetailPage(
            view: view, publication: publication, steps: steps, treeSize: treeSize,
            bureauName: services.config.bureauName, today: services.today)
    }

    /// `304 Not Modified` when `If-None-Match` names `etag` (or is `*`).
    static func notModified(_ req: Request, etag: String) -> Response? {
        let tags = req.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.contains(where: { $0 == "*" || $0 == etag || "W/" + $0 == etag }) else { return nil }
        let response = Response(status: .notModified)
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.cacheControl = .init(noCache: true)
        return response
    }

    static func htmlResponse(_ page: ByteBuffer, etag: String) -> Response {
        let response = Response(status: .ok, body: .init(buffer: page))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        // Cached copies are checked every time (a withdrawal must show at once); the check is a 304.
        response.headers.cacheControl = .init(noCache: true)
        return response
    }

    /// The exact canonical JSON whose SHA-256 is the leaf's `contentSha256` (docs/ledger-format.md),
    /// for the shown version or, with `?version=N`, an earlier published one. None once withdrawn.
    @Sendable
    func content(req: Request) async throws -> Response {
        let publication = try await Self.publicPublication(req)
        guard let view = PublicView(publication), view.hasContent else {
            throw Problem(.gone, type: "not-public", title: "不再公开", detail: "该公示信息已撤下或不再公开，内容不再提供。")
        }
        var version = publication.publishedVersion
        if let number = req.query[Int.self, at: "version"] {
            version = publication.publishedVersions.first { $0.number == number }
            guard version != nil else { throw Problem.notFound("没有第\(number)版已公示的内容。") }
        }
        guard let version else { throw Problem.notFound("公示信息不存在。") }
        let bytes = try PublicContent.shown(version).canonicalBytes()
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = .json
        response.headers.cacheControl = .init(noCache: true)
        return response
    }

    /// Everything needed to check the shown version offline (issue 5 item 6): the latest signed
    /// checkpoint, the leaf of the step that made the version public, its inclusion proof at the
    /// checkpoint's size, and the canonical content; `lawtrail proof check` verifies it.
    @Sendable
    func proofBundle(req: Request) async throws -> Response {
        let publication = try await Self.publicPublication(req)
        guard let view = PublicView(publication), view.hasContent, let version = publication.publishedVersion else {
            throw Problem(.gone, type: "not-public", title: "不再公开", detail: "该公示信息已撤下或不再公开，内容不再提供。")
        }
        let steps = try await PublicationQueries(database: req.db).steps(publication.id)
        guard let step = steps.last(where: { ($0.kind == .published || $0.kind == .corrected) && $0.versionID == version.id }) else {
            throw Problem.notFound("账本中没有该版本的发布记录。")
        }
        let reader = LedgerReader(database: req.db)
        let checkpoint = try await req.ledger.latestCheckpoint(on: req.db)
        guard step.ledgerIndex < checkpoint.size, let entry = try await reader.entry(step.ledgerIndex) else {
            throw Problem(.serviceUnavailable, type: "checkpoint-pending", title: "请稍后再试", detail: "账本检查点尚未包含该记录，请稍后再试。")
        }
        let proof = try await MerkleProofs.inclusionProof(index: step.ledgerIndex, size: checkpoint.size, source: reader)
        let bundle = try ProofBundle(
            checkpoint: checkpoint.note, index: step.ledgerIndex, leaf: Array(entry.leaf), inclusionProof: proof,
            content: PublicContent.shown(version).canonical)
        let response = Response(status: .ok, body: .init(data: bundle.encoded()))
        response.headers.contentType = .json
        response.headers.setAttachment(filename: "proof-\(publication.id.lowercased)-v\(version.number).json")
        return response
    }

    /// A publication the public may know exists: ever published (drafts are not public).
    static func publicPublication(_ req: Request) async throws -> Publication {
        guard let text = req.parameters.get("id"), let id = UUID(uuidString: text),
              let publication = try await PublicationQueries(database: req.db).publication(id),
              publication.publishedVersion != nil else {
            throw Problem.notFound("公示信息不存在。")
        }
        return publication
    }

    static func date(_ text: String?, label: String, notes: inout [String]) -> CivilDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let date = CivilDate(iso: text) else {
            notes.append("\(label)格式应为 年-月-日（如 2026-11-29），已忽略。")
            return nil
        }
        return date
    }

    static func trimmed(_ text: String?, max: Int) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(max))
    }
}

/// The model of `publications.leaf`.
struct PublicationListPage: Content {
    struct KindOption: Content {
        let slug: String
        let name: String
        let selected: Bool
    }

    struct Row: Content {
        let url: String
        let title: String
        let kindName: String
        let number: String?
        let party: String?
        let partyCode: String?
        let date: String
        let corrected: Bool

        init(_ item: PublicationQueries.PublicItem) {
            url = SiteURL.publication(item.id.lowercased).path
            title = item.title
            kindName = item.kind.chineseName
            number = item.number
            party = item.party
            partyCode = item.partyCode
            date = item.date?.chinese ?? ""
            corrected = item.state == PublicationState.corrected.slug
        }
    }

    let bureauName: String
    let todayChinese: String
    let heading: String
    let kinds: [KindOption]
    let kind: String
    let from: String
    let to: String
    let q: String
    let party: String
    let items: [Row]
    let page: Int
    let previousURL: String?
    let nextURL: String?
    let notes: [String]
    let isSearch: Bool
    let isEmpty: Bool
    let firstNumber: Int
    let resetURL: String
}
