import App
import Crypto
import Domain
import Foundation
import Ledger
import Testing
import TestSupport
import VaporTesting

/// Issue 10 items 7 and 8: a public decision offers 「在线核验」 (Public/verify.js, WebCrypto only)
/// and 「打印」 (Public/print.js), both from our own origin; the page speaks plain Chinese; no page
/// links a third-party or inline script. The browser half (the check succeeds, and fails on a
/// tampered proof or content) is in scripts/browser-test.py.
@Suite struct OnlineVerificationTests {
    static func attribute(_ name: String, in html: String) -> String? {
        let pattern = try! Regex<(Substring, Substring)>(" data-\(name)=\"([^\"]*)\"")
        return html.firstMatch(of: pattern).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    static func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        try await APIClient(app: app).send(.GET, path, token: nil)
    }

    @Test("a public decision has 在线核验 and 打印, loads our own scripts, and says it in plain Chinese", arguments: TestDatabase.all)
    func decisionPageOffersOnlineVerification(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海在线核验测试有限公司", code: APIClient.uscc("91310107MA1N0000H"), number: "普应急罚〔2026〕81号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕81号 行政处罚决定")
            let id = published.id.uuidString.lowercased()
            let page = try await client.page("/publications/\(id)")
            #expect(page.status == .ok)
            let html = page.body
            #expect(html.contains("<button type=\"button\" id=\"verify-button\">在线核验</button>"))
            #expect(html.contains("id=\"print-button\" data-print hidden>打印</button>"))
            // Progressive enhancement: the buttons appear only when their script runs.
            #expect(html.contains("<div class=\"verify-online\" id=\"verify-online\" hidden>"))
            #expect(html.contains("<script src=\"\(URLs.verifyScript.url)\" defer></script>"))
            #expect(html.contains("<script src=\"\(URLs.printScript.url)\" defer></script>"))
            // Plain Chinese: no field names, no base64, no tool the site does not offer; the bundle stays.
            for jargon in ["contentSha256", "base64", "lawtrail", "JSON"] {
                #expect(!html.contains(jargon), "the page says \(jargon)")
            }
            #expect(html.contains("href=\"/publications/\(id)/proof-bundle.json\" download>下载证明包</a>"))
            #expect(html.contains("在线核验需要启用 JavaScript"))

            // What verify.js reads from the page leads, step by step, to a checked chain: the same
            // steps done here with the Ledger module, so the data attributes cannot drift.
            var data: [String: String] = [:]
            for name in ["publication", "index", "entry", "proof", "checkpoint", "key", "content"] {
                data[name] = try #require(Self.attribute(name, in: html), "data-\(name)")
            }
            #expect(data["publication"] == id)
            let key = try await client.page(data["key"]!).body.trimmingCharacters(in: .newlines)
            let verifier = try NoteVerifier(verifierKey: key)
            let checkpoint = try Checkpoint.open(try await client.page(data["checkpoint"]!).body, verifiers: [verifier])
            #expect(checkpoint.origin == verifier.name)
            let index = try #require(UInt64(data["index"]!))
            let entryBody = try await client.page(data["entry"]!).body
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(entryBody.utf8)) as? [String: Any])
            let leafText = try #require(entry["leaf"] as? String)
            let leaf = try #require(Data(base64Encoded: leafText))
            let event = try #require(try JSONSerialization.jsonObject(with: leaf) as? [String: Any])
            #expect(event["type"] as? String == "publication.published")
            #expect(event["publicationId"] as? String == id)
            let content = try await Self.get(app, data["content"]!)
            #expect(content.headers.contentType == .json)
            let contentBytes = Data(content.body.readableBytesView)
            #expect(event["contentSha256"] as? String == Hash(SHA256.hash(data: contentBytes)).hex)
            let proofResponse = try await client.page("\(data["proof"]!)?index=\(index)&size=\(checkpoint.size)")
            let proofBody = try #require(try JSONSerialization.jsonObject(with: Data(proofResponse.body.utf8)) as? [String: Any])
            let proof = try (proofBody["hashes"] as? [String] ?? []).map { try Hash(base64: $0) }
            try MerkleVerifier.checkInclusion(leafHash: MerkleHash.leaf(leaf), index: index, size: checkpoint.size, proof: proof, root: checkpoint.rootHash)

            // Step 1 compares every shown field with the content: the page marks each one.
            let contentObject = try #require(try JSONSerialization.jsonObject(with: contentBytes) as? [String: Any])
            let fields = try #require(contentObject["fields"] as? [String: String])
            let marked = html.matches(of: /data-content-key="fields\.([^"]+)"/).map { String($0.1) }
            #expect(Set(marked) == Set(fields.keys) && marked.count == fields.count)
            #expect(html.contains("data-content-key=\"fields.decisionDate\" data-date>2026年11月20日</td>"))
            for path in ["title", "responsibleUnit", "responsiblePerson", "disclosure.legalBasis"] {
                #expect(html.contains("data-content-key=\"\(path)\""), "\(path) is not marked")
            }
        }
    }

    @Test("a withdrawn decision still offers the online check of its withdrawal, without content")
    func withdrawnDecisionChecksItsWithdrawal() async throws {
        try await withTestApp(demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海撤下核验测试有限公司", code: APIClient.uscc("91310107MA1N0000J"), number: "普应急罚〔2026〕82号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕82号 行政处罚决定")
            let withdrawn = try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                                  json: ["reason": "原决定被撤销"])
            #expect(withdrawn.status == .ok)
            let html = try await client.page("/publications/\(published.id.uuidString.lowercased())").body
            #expect(html.contains("id=\"verify-button\">在线核验</button>"))
            #expect(Self.attribute("content", in: html) == nil)
            #expect(!html.contains("data-content-key") && !html.contains("下载证明包"))
            let entryPath = try #require(Self.attribute("entry", in: html))
            #expect(try await client.page(entryPath).body.contains("publication.withdrawn"))
        }
    }

    @Test("the scripts are served from our origin as UTF-8 JavaScript, use WebCrypto and fetch nothing elsewhere")
    func scriptsAreServed() async throws {
        try await withTestApp { app in
            for path in [URLs.verifyScript.url, URLs.printScript.url, URLs.uploadScript.url] {
                let response = try await Self.get(app, path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers.contentType?.description == "text/javascript; charset=utf-8", "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(!response.body.string.contains("://"), "\(path) names another origin")
                #expect(!response.body.string.contains("eval(") && !response.body.string.contains("innerHTML"), "\(path)")
            }
            let verify = try await Self.get(app, URLs.verifyScript.url).body.string
            for needle in ["crypto.subtle", "\"SHA-256\"", "\"Ed25519\"", "NotSupportedError", "您的浏览器不支持 Ed25519 签名核验，签名一项未核验"] {
                #expect(verify.contains(needle), "verify.js lacks \(needle)")
            }
            #expect(try await Self.get(app, URLs.printScript.url).body.string.contains("window.print()"))
        }
    }

    /// Every `<script>` names a script of ours by path, with no inline code; no inline event
    /// handler or `javascript:` URL; stylesheets and images are ours too.
    static func scriptProblems(_ html: String, page: String) -> [String] {
        var problems: [String] = []
        let ours = Set(URLs.all.filter { $0.name.hasPrefix("static.") }.map(\.url))
        for match in html.matches(of: /(?s)<script\b([^>]*)>(.*?)<\/script>/) {
            let src = String(match.1).firstMatch(of: /\bsrc="([^"]*)"/).map { String($0.1) }
            if src == nil || !ours.contains(src!) { problems.append("\(page): script \(match.0.prefix(120))") }
            if !match.2.allSatisfy(\.isWhitespace) { problems.append("\(page): inline script") }
        }
        if html.matches(of: /<script\b/).count != html.matches(of: /(?s)<script\b[^>]*>.*?<\/script>/).count {
            problems.append("\(page): an unclosed script tag")
        }
        for match in html.matches(of: /<[a-zA-Z][^>]*\son[a-z]+\s*=/) { problems.append("\(page): inline handler \(match.0.prefix(80))") }
        if html.contains("javascript:") { problems.append("\(page): a javascript: URL") }
        for match in html.matches(of: /<(?:link|img|iframe|object|embed)\b[^>]*\b(?:src|href)="((?:[a-z]+:)?\/\/[^"]*)"/) {
            problems.append("\(page): loads \(match.1) from another origin")
        }
        return problems
    }

    /// Follows same-site links from `start`, GET only, HTML pages only.
    static func crawl(_ start: [String], limit: Int, fetch: (String) async throws -> (isHTML: Bool, body: String)) async throws -> [String: String] {
        var queue = start
        var seen = Set(start)
        var pages: [String: String] = [:]
        let skipped = [".json", ".csv", ".atom", ".yaml", ".js", ".css", ".svg", "sign-out", "/ledger/", "/api/", "/content"]
        while !queue.isEmpty, pages.count < limit {
            let path = queue.removeFirst()
            let (isHTML, body) = try await fetch(path)
            guard isHTML else { continue }
            pages[path] = body
            for match in body.matches(of: /href="(\/[^"#]*)"/) {
                let link = String(match.1).replacingOccurrences(of: "&amp;", with: "&")
                guard !link.hasPrefix("//"), !skipped.contains(where: { link.contains($0) }), seen.insert(link).inserted else { continue }
                queue.append(link)
            }
        }
        return pages
    }

    @Test("no page, public or staff, links a third-party or inline script", arguments: TestDatabase.all)
    func noThirdPartyScripts(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let browser = StaffWebTests.Browser(app)
            let accept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
            func fetch(_ path: String) async throws -> (isHTML: Bool, body: String) {
                var result: (Bool, String)?
                try await app.testing().test(.GET, path, headers: browser.cookies.isEmpty ? ["Accept": accept]
                    : ["Accept": accept, "Cookie": browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]) { response in
                    result = (response.headers.contentType?.subType == "html", response.body.string)
                }
                return try #require(result)
            }
            let publicPages = try await Self.crawl(["/", "/publications", "/corrections/new", "/corrections/status", "/open-data", "/no-such-page"],
                                                   limit: 40, fetch: fetch)
            #expect(publicPages.keys.contains { $0.hasPrefix("/publications/") }, "the crawl reached no publication page")
            var problems = publicPages.flatMap { Self.scriptProblems($0.value, page: $0.key) }
            for role in [Role.officer, .legalSection] {
                let username = try await StaffWebTests.user(role, app: app)
                browser.cookies = [:]
                #expect(try await browser.signIn(username, StaffWebTests.password).status == .seeOther)
                let staffPages = try await Self.crawl(["/staff", "/staff/sign-in"], limit: 30, fetch: fetch)
                #expect(staffPages.count > 5, "\(role): only \(staffPages.keys.sorted())")
                problems += staffPages.flatMap { Self.scriptProblems($0.value, page: "\(role.rawValue) \($0.key)") }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("every view writes a script as <script src=\"#url(static…)\"></script>: no inline code, no other origin")
    func viewsHaveNoInlineScripts() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/App/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count >= 20)
        var scripts = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let tags = text.matches(of: /<script\b/).count
            let ours = text.matches(of: /<script src="#url\("static\.[a-z-]+"\)"(?: defer)?><\/script>/).count
            #expect(tags == ours, "\(file.lastPathComponent): a script that is not one of ours by #url")
            scripts += ours
        }
        #expect(scripts >= 3)
    }

    @Test("the print stylesheet leaves out navigation and buttons")
    func printStylesheet() async throws {
        try await withTestApp { app in
            let css = try await Self.get(app, URLs.stylesheet.url).body.string
            let print = try #require(css.firstRange(of: "@media print {").map { String(css[$0.upperBound...]) })
            let hidden = try #require(print.firstMatch(of: /([^{}]*)\{\s*display:\s*none\s*!important;\s*\}/)).1
            for selector in ["nav", "button", ".button", ".crumbs", ".verify-online", ".verify-data"] {
                #expect(hidden.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.contains(selector),
                        "print does not hide \(selector)")
            }
        }
    }
}
