@testable import App
import Domain
import Fluent
import Foundation
import LeafKit
import Persistence
import Testing
import TestSupport
import Vapor
import VaporTesting

/// Issue 16 items 1 and 2: the portal's list and detail pages written by `HTML` instead of Leaf —
/// the same markup, every value escaped — and answered `304 Not Modified` or from the rendered-page
/// cache only while nothing they show has changed.
@Suite struct PortalPageTests {
    static let hostileName = "上海<script>alert(\"x\")</script>&'化工有限公司"

    @Test("issue 16: HTML escapes every interpolated value exactly as Leaf's #() does")
    func escaping() {
        for value in ["&", "\"", "'", "<", ">", "plain", "混合<&>\"'", "", Self.hostileName, "a&amp;b"] {
            #expect(HTML.escape(value) == value.htmlEscaped(), "\(value)")
        }
        let value = "\"><script>alert(1)</script>"
        let html: HTML = "<p title=\"\(value)\">\(value)\(if: true, "<b>\(value)</b>")</p>"
        #expect(html.text == "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
            + "<b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b></p>")
        let path: HTML = "\(URLs.home)|\(URLs.publications)|\(42)"
        #expect(path.text == "/|/publications|42")
    }

    /// The page as Leaf renders `view` with `model`, and as `HTML` writes it, with runs of white
    /// space (which differ: Leaf keeps its template's indentation) made one space.
    static func bothRenderings(_ app: Application, view: String, model: some Encodable & Sendable, html: HTML) async throws -> (leaf: String, swift: String) {
        let rendered = try await app.view.render(view, model).get()
        func normalised(_ text: String) -> String {
            text.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: "> <", with: "><")
        }
        return (normalised(String(buffer: rendered.data)), normalised(html.text))
    }

    static func request(_ app: Application, _ url: String, id: String? = nil) -> Request {
        let request = Request(application: app, method: .GET, url: URI(string: url), on: app.eventLoopGroup.next())
        if let id { request.parameters.set("id", to: id) }
        return request
    }

    @Test("issue 16: list and detail pages have Leaf's markup, and a hostile counterparty name stays text", arguments: TestDatabase.all)
    func sameMarkupAsLeaf(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let hostile = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: Self.hostileName, code: APIClient.uscc("91310107MA1N0016X"), number: "普应急罚〔2026〕161号", decided: "2026-11-21"),
                title: "普应急罚〔2026〕161号 <i>行政处罚决定</i>")
            let withdrawn = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海撤下标记化工有限公司", code: APIClient.uscc("91310107MA1N0017X"), number: "普应急罚〔2026〕162号", decided: "2026-11-22"),
                title: "普应急罚〔2026〕162号 行政处罚决定")
            #expect(try await client.send(.POST, "/api/v1/publications/\(withdrawn.id)/withdraw", token: staff.legalA,
                                          json: ["reason": "原决定被撤销"]).status == .ok)

            // Over HTTP: the name and title are text, never markup.
            for path in ["/publications", "/publications?q=%E5%8C%96%E5%B7%A5", "/publications/\(hostile.id)"] {
                let page = try await client.page(path)
                #expect(page.status == .ok)
                #expect(page.body.contains("上海&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;化工有限公司"), "\(path)")
                #expect(!page.body.contains("<script>alert") && !page.body.contains("<i>行政"), "\(path)")
            }

            // The same markup as the Leaf views, for every variant of the list and both kinds of detail page.
            let pages = PublicationPages()
            for url in [
                "/publications", "/publications?kind=penalty-decision&page=2", "/publications?q=%E5%8C%96%E5%B7%A5",
                "/publications?kind=nonsense&from=2026-13-01&to=2026-11-30&party=%E4%B8%8A%E6%B5%B7", "/publications?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA",
                "/publications?page=9999",
            ] {
                let model = try await pages.listPage(req: Self.request(app, url))
                let (leaf, swift) = try await Self.bothRenderings(app, view: "publications", model: model, html: model.html)
                #expect(leaf == swift, "\(url)")
            }
            for publication in [hostile, withdrawn] {
                let request = Self.request(app, "/publications/\(publication.id)", id: publication.id.uuidString)
                let model = try await pages.detailPage(req: request, treeSize: try await LedgerReader(database: app.db).size())
                let (leaf, swift) = try await Self.bothRenderings(app, view: "publication", model: model, html: model.html)
                #expect(leaf == swift, "\(publication.id)")
                #expect(swift.contains("data-publication=\"\(publication.id.uuidString.lowercased())\""))
            }
        }
    }

    @Test("issue 16: ETag and 304; a publication, a correction, a withdrawal and a new day each change the tag", arguments: TestDatabase.all)
    func conditionalGet(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-30"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            func get(_ path: String, ifNoneMatch: String? = nil) async throws -> TestingHTTPResponse {
                var result: TestingHTTPResponse?
                try await app.testing().test(.GET, path, beforeRequest: { req in
                    if let ifNoneMatch { req.headers.replaceOrAdd(name: .ifNoneMatch, value: ifNoneMatch) }
                }) { result = $0 }
                return try #require(result)
            }
            /// The tag of `path` now; asserts the page is 200 and that the tag answers 304 with no body.
            func tag(_ path: String) async throws -> String {
                let page = try await get(path)
                #expect(page.status == .ok)
                #expect(page.headers.contentType == .html)
                let etag = try #require(page.headers.first(name: .eTag))
                let again = try await get(path, ifNoneMatch: etag)
                #expect(again.status == .notModified && again.body.readableBytes == 0, "\(path)")
                #expect(again.headers.first(name: .eTag) == etag)
                #expect(try await get(path, ifNoneMatch: "W/\"other\", " + etag).status == .notModified)
                #expect(try await get(path, ifNoneMatch: "W/\"other\"").status == .ok)
                return etag
            }
            let fields = APIClient.penaltyFields(
                name: "上海标签测试化工有限公司", code: APIClient.uscc("91310107MA1N0018X"), number: "普应急罚〔2026〕181号", decided: "2026-11-25")
            let published = try await client.publishedPenalty(staff, fields: fields, title: "普应急罚〔2026〕181号 行政处罚决定")
            let list = "/publications?q=%E6%A0%87%E7%AD%BE"  // 标签: in the names before and after the correction
            let detail = "/publications/\(published.id)"
            var listTag = try await tag(list)
            var detailTag = try await tag(detail)
            #expect(try await get(list).body.string.contains("181号"))

            // Another publication: the list's tag moves (its contents may have), and the page shows it.
            _ = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海标签测试二号有限公司", code: APIClient.uscc("91310107MA1N0019X"), number: "普应急罚〔2026〕182号", decided: "2026-11-26"),
                title: "普应急罚〔2026〕182号 行政处罚决定")
            #expect(try await get(list, ifNoneMatch: listTag).status == .ok)
            #expect(try await get(list).body.string.contains("182号"))
            listTag = try await tag(list)
            detailTag = try await tag(detail)

            // A correction: both change, and the pages show the new version.
            var corrected = fields
            corrected["counterpartyName"] = "上海标签更正化工有限公司"
            let proposal = try await client.content(corrected, title: "普应急罚〔2026〕181号 行政处罚决定", correctionReason: "名称录入错误")
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections", token: staff.brigadeLeader, json: proposal).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections/apply", token: staff.legalA).status == .ok)
            #expect(try await get(list, ifNoneMatch: listTag).status == .ok)
            #expect(try await get(detail, ifNoneMatch: detailTag).status == .ok)
            #expect(try await get(list).body.string.contains("标签更正化工"))
            #expect(try await get(detail).body.string.contains("标签更正化工"))
            listTag = try await tag(list)
            detailTag = try await tag(detail)

            // A withdrawal: gone from the list and the detail page at once, whatever this server rendered before.
            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                          json: ["reason": "原决定被撤销"]).status == .ok)
            #expect(try await get(list, ifNoneMatch: listTag).status == .ok)
            #expect(try await get(detail, ifNoneMatch: detailTag).status == .ok)
            #expect(!(try await get(list).body.string.contains("标签更正化工")))
            #expect(!(try await get(detail).body.string.contains("标签更正化工")))
            listTag = try await tag(list)
            detailTag = try await tag(detail)

            // A new day: items whose period ended leave the lists before the expiry step is written.
            clock.now = clock.now.addingTimeInterval(86_400)
            #expect(try await get(list, ifNoneMatch: listTag).status == .ok)
            #expect(try await get(detail, ifNoneMatch: detailTag).status == .ok)

            // A tag never makes an unknown page exist.
            #expect(try await get("/publications/\(UUID())", ifNoneMatch: "*").status == .notFound)
        }
    }

    @Test("issue 16: the rendered-page cache is bounded in bytes and keeps only the newest mark")
    func cacheBounds() {
        let cache = RenderedPageCache(maxBytes: 4_000)
        let mark = RenderedPageCache.Mark(day: "2026-11-30", index: 7)
        let page = ByteBuffer(string: String(repeating: "x", count: 900))
        for n in 0..<10 { cache.store(page, key: "q=\(n)", mark: mark) }
        #expect(cache.byteCount <= 4_000 && cache.count == 4)
        #expect(cache.page("q=9", mark: mark) != nil && cache.page("q=0", mark: mark) == nil)
        #expect(cache.page("q=9", mark: .init(day: "2026-11-30", index: 8)) == nil)
        // A late store of an older mark does not replace the newer mark's pages.
        let newer = RenderedPageCache.Mark(day: "2026-11-30", index: 8)
        cache.store(page, key: "q=new", mark: newer)
        cache.store(page, key: "q=old", mark: mark)
        #expect(cache.page("q=new", mark: newer) != nil && cache.page("q=old", mark: mark) == nil && cache.count == 1)
        // A page larger than a quarter of the budget is not kept.
        cache.store(ByteBuffer(string: String(repeating: "y", count: 1_500)), key: "big", mark: newer)
        #expect(cache.page("big", mark: newer) == nil)
    }
}
