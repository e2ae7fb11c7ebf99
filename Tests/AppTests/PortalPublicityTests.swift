import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// What the public sees (issue 5 items 6–8; SPEC P9, X4, X3): every public surface after a
/// withdrawal and for a natural person, the correction-request form, proof bundles and channels.
@Suite struct PortalPublicityTests {
    /// Every public surface that can carry a publication's content.
    static let surfaces = [
        "/", "/publications", "/publications?kind=penalty-decision", "/open-data/penalty-decision.csv",
        "/open-data/penalty-decision.json", "/feed.atom",
    ]

    @Test("SPEC P9.3: a withdrawal removes the content from every public page and export; the ledger keeps the event",
          arguments: TestDatabase.all)
    func withdrawalRemovesContentEverywhere(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let title = "普应急罚〔2026〕77号 行政处罚决定"
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海撤回测试化工有限公司", code: APIClient.uscc("91310107MA1N0000E"), number: "普应急罚〔2026〕77号", decided: "2026-11-20"),
                title: title)
            // (The home page shows only the ten newest, which the demo's own decisions may be.)
            for path in Self.surfaces.dropFirst() + ["/publications/\(published.id)", "/publications?q=%E6%92%A4%E5%9B%9E%E6%B5%8B%E8%AF%95"] {
                #expect(try await client.page(path).body.contains("撤回测试化工"), "before: \(path)")
            }
            #expect(try await client.page("/publications/\(published.id)/content.json").status == .ok)

            let withdrawn = try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                                  json: ["reason": "原决定被撤销（撤回测试化工）"])
            #expect(withdrawn.status == .ok)
            for path in Self.surfaces + ["/publications/\(published.id)", "/publications?q=%E6%92%A4%E5%9B%9E%E6%B5%8B%E8%AF%95"] {
                let page = try await client.page(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains("撤回测试化工"), "after: \(path) still shows the content")
            }
            let detail = try await client.page("/publications/\(published.id)")
            #expect(detail.body.contains("撤下"))
            #expect(try await client.page("/publications/\(published.id)/content.json").status == .gone)
            #expect(try await client.page("/publications/\(published.id)/proof-bundle.json").status == .gone)
            #expect(try await client.ledgerTypes().contains("publication.withdrawn"))
            // Staff still read every version: nothing was deleted.
            let stored = try client.decode(Publication.self, try await client.send(.GET, "/api/v1/publications/\(published.id)", token: staff.legalA))
            #expect(stored.versions.first?.fields["counterpartyName"] == "上海撤回测试化工有限公司")
        }
    }

    @Test("SPEC X4: a natural person is masked on every public surface", arguments: TestDatabase.all)
    func maskingOnEveryPublicSurface(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let idNumber = "11010519491231002" + String(ResidentIdentityNumber.checkCharacter(for: "11010519491231002")!)
            var fields = APIClient.penaltyFields(name: "司马相如", code: "", number: "普应急罚〔2026〕78号", decided: "2026-11-20")
            fields["usccCode"] = nil
            fields["legalRepresentative"] = nil
            fields["counterpartyCategory"] = "自然人"
            fields["idType"] = "身份证"
            fields["idNumber"] = idNumber
            fields["violationFacts"] = "司马相如（身份证号\(idNumber)）在居民楼内违规储存液化石油气。"
            let published = try await client.publishedPenalty(staff, fields: fields, title: "普应急罚〔2026〕78号 行政处罚决定（司马相如）")
            let paths = Self.surfaces + [
                "/publications/\(published.id)", "/publications/\(published.id)/content.json",
                "/publications/\(published.id)/proof-bundle.json", "/publications?party=%E5%8F%B8%E9%A9%AC",
            ]
            var sawMasked = false
            for path in paths {
                let page = try await client.page(path)
                #expect(!page.body.contains("司马相如"), "\(path) shows the full name")
                #expect(!page.body.contains(idNumber), "\(path) shows the identity number")
                sawMasked = sawMasked || page.body.contains("司马**")
            }
            #expect(sawMasked)
            // The ledger leaf holds only ids and digests.
            for entry in try await LedgerReader(database: app.db).entries(from: 0, limit: 10_000) {
                let text = String(decoding: entry.leaf, as: UTF8.self)
                #expect(!text.contains("司马") && !text.contains(idNumber))
            }
        }
    }

    @Test("issue 5 item 6: the proof bundle of a page checks offline against the server's key", arguments: TestDatabase.all)
    func proofBundleChecksOffline(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海核验测试有限公司", code: APIClient.uscc("91310107MA1N0000F"), number: "普应急罚〔2026〕79号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕79号 行政处罚决定")
            let key = try await client.page("/ledger/key").body.trimmingCharacters(in: .whitespacesAndNewlines)
            let bundle = try await client.send(.GET, "/publications/\(published.id)/proof-bundle.json", token: nil)
            #expect(bundle.status == .ok)
            let data = Data(bundle.body.readableBytesView)
            let checked = try ProofBundle.check(data, verifierKey: key)
            #expect(checked.eventType == "publication.published")
            // The content in the bundle is what the page serves as its canonical content.
            #expect(try await client.page("/publications/\(published.id)/content.json").body == (try ProofBundle.decode(data)).content)
            // One changed character in the content fails the check.
            var tampered = try ProofBundle.decode(data)
            tampered.content = tampered.content.replacingOccurrences(of: "核验测试", with: "核验测式")
            #expect(throws: ProofBundleError.self) { try tampered.check(verifierKey: key) }
        }
    }

    @Test("SPEC P9.2: a correction request gets a receipt, is answered by staff, and its status is read back",
          arguments: TestDatabase.all)
    func correctionRequestRoundTrip(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.correctionRequestsPerHour = 2 }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海更正测试有限公司", code: APIClient.uscc("91310107MA1N0000G"), number: "普应急罚〔2026〕80号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕80号 行政处罚决定")
            let form = try await app.sendRaw(.GET, "/corrections/new?publication=\(published.id)")
            #expect(form.status == .ok)
            let cookie = try #require(form.headers.setCookie?[CSRFCookie.name]?.string)
            let token = try #require(form.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1).description

            func submit(csrf: String, cookie: String?, description: String = "罚款金额与决定书不一致") async throws -> TestingHTTPResponse {
                try await app.sendRaw(.POST, "/corrections", form: [
                    "csrf": csrf, "publication": published.id.uuidString, "name": "张先生", "contact": "13800000000",
                    "description": description,
                ], cookie: cookie)
            }
            // Without the cookie's token: refused, and nothing kept.
            #expect(try await submit(csrf: token, cookie: nil).status == .forbidden)
            // An invalid form keeps what was typed and says what is wrong.
            let invalid = try await submit(csrf: token, cookie: cookie, description: "短")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("张先生") && invalid.body.string.contains("请说明哪些内容不准确"))

            let accepted = try await submit(csrf: token, cookie: cookie)
            #expect(accepted.status == .created)
            let receipt = try #require(accepted.body.string.firstMatch(of: /GZ\d{8}-[2-9A-Z]{6}/)).output.description

            let inbox = try await client.send(.GET, "/api/v1/correction-requests?unanswered=1", token: staff.legalA)
            #expect(inbox.status == .ok)
            let entries = try client.decode(InboxJSON.self, inbox).items
            let entry = try #require(entries.first { $0.request.receipt == receipt })
            #expect(entry.obligation?.obligation.specID == "P9.2")

            let pending = try await app.sendRaw(.POST, "/corrections/status", form: ["receipt": receipt, "contact": "138 0000 0000"])
            #expect(pending.status == .ok && pending.body.string.contains("办理中"))
            let wrongContact = try await app.sendRaw(.POST, "/corrections/status", form: ["receipt": receipt, "contact": "13900000000"])
            #expect(wrongContact.status == .notFound)

            let answered = try await client.send(.POST, "/api/v1/correction-requests/\(entry.request.id)/answer", token: staff.legalA,
                                                 json: ["outcome": "replied", "reply": "经核实，公示内容与决定书原件一致，不予更正。"])
            #expect(answered.status == .created, "\(answered.body.string)")
            #expect(try await client.send(.POST, "/api/v1/correction-requests/\(entry.request.id)/answer", token: staff.legalA,
                                          json: ["outcome": "replied", "reply": "再次答复"]).status == .conflict)
            let status = try await app.sendRaw(.POST, "/corrections/status", form: ["receipt": receipt, "contact": "13800000000"])
            #expect(status.body.string.contains("与决定书原件一致"))
            let obligations = try await ObligationQueries(database: app.db).all(subject: .correctionRequest(entry.request.id))
            #expect(obligations.first?.metOn != nil)
            #expect(try await client.ledgerTypes().contains("correction_request.answered"))

            // Rate limit: two per client per hour here; the third is refused.
            #expect(try await submit(csrf: token, cookie: cookie).status == .created)
            #expect(try await submit(csrf: token, cookie: cookie).status == .tooManyRequests)
        }
    }

    @Test("issue 5 item 8: channels get export files; a withdrawn item is handed over without content", arguments: TestDatabase.all)
    func channelExportFiles(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
                name: "上海渠道测试有限公司", code: APIClient.uscc("91310107MA1N0000H"), number: "普应急罚〔2026〕81号", decided: "2026-11-20"),
                title: "普应急罚〔2026〕81号 行政处罚决定")
            let first = try await client.send(.POST, "/api/v1/channels/credit-china/handover", token: staff.legalA)
            #expect(first.status == .ok)
            let result = try client.decode(HandoverJSON.self, first)
            #expect(result.delivered > 0)
            let file = app.lawTrail.dataDirectory.outbox.appendingPathComponent("credit-china").appendingPathComponent(try #require(result.file))
            #expect(try String(contentsOf: file, encoding: .utf8).contains("渠道测试"))
            // Nothing pending the second time.
            #expect(try client.decode(HandoverJSON.self, try await client.send(.POST, "/api/v1/channels/credit-china/handover", token: staff.legalA)).delivered == 0)

            #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                          json: ["reason": "决定被撤销"]).status == .ok)
            let wechat = try client.decode(HandoverJSON.self, try await client.send(.POST, "/api/v1/channels/wechat/handover", token: staff.legalA))
            let text = try String(contentsOf: app.lawTrail.dataDirectory.outbox.appendingPathComponent("wechat")
                .appendingPathComponent(try #require(wechat.file)), encoding: .utf8)
            #expect(text.contains(published.id.uuidString.lowercased()) && text.contains("\"step\":\"withdrawn\""))
            #expect(!text.contains("渠道测试"))  // the earlier 'published' step is handed over without content now
            let handovers = try await client.send(.GET, "/api/v1/publications/\(published.id)/handovers", token: staff.officer)
            #expect(handovers.body.string.contains("credit-china") && handovers.body.string.contains("wechat"))
        }
    }

    struct HandoverJSON: Decodable {
        let delivered: Int
        let file: String?
    }

    struct InboxJSON: Decodable {
        struct Item: Decodable {
            struct ObligationItem: Decodable { let obligation: Obligation }
            let request: CorrectionRequest
            let obligation: ObligationItem?
        }
        let items: [Item]
    }
}

enum CSRFCookie {
    static let name = "lawtrail_csrf"
}

extension Application {
    /// A request without the JSON client's defaults: a form body and a cookie when given.
    func sendRaw(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil, cookie: String? = nil) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await testing().test(method, path, beforeRequest: { req in
            if let form {
                var components = URLComponents()
                components.queryItems = form.map { URLQueryItem(name: $0.key, value: $0.value) }
                let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
                req.body = ByteBuffer(string: body)
                req.headers.contentType = .urlEncodedForm
            }
            if let cookie { req.headers.replaceOrAdd(name: .cookie, value: "\(CSRFCookie.name)=\(cookie)") }
        }) { result = $0 }
        return try #require(result)
    }
}
