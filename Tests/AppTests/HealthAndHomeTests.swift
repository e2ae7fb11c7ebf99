import App
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

@Suite struct HealthAndHomeTests {
    struct Health: Decodable {
        let status: String
        let version: String
        let database: String
    }

    @Test(arguments: TestDatabase.all)
    func healthzReportsStatusVersionAndDatabase(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await app.testing().test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
                let health = try response.content.decode(Health.self)
                #expect(health.status == "ok")
                #expect(health.version == LawTrailVersion.current)
                #expect(health.database == database.rawValue)
            }
        }
    }

    @Test func homePageIsTheChinesePortal() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/") { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.subType == "html")
                let html = response.body.string
                #expect(html.contains("<html lang=\"zh-CN\">"))
                #expect(html.contains("上海市普陀区应急管理局"))
                for section in ["事前公示", "事中公示", "事后公示", "监督与核验"] {
                    #expect(html.contains(section), "missing section \(section)")
                }
                #expect(response.headers.first(name: "Content-Security-Policy") != nil)
            }
        }
    }

    @Test func homePageEscapesTheBureauName() async throws {
        try await withTestApp(adjust: { $0.bureauName = "<script>x</script>局" }) { app in
            try await app.testing().test(.GET, "/") { response in
                #expect(!response.body.string.contains("<script>x</script>"))
                #expect(response.body.string.contains("&lt;script&gt;"))
            }
        }
    }

    @Test func unknownPathIsAProblemInChinese() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/no-such-page") { response in
                #expect(response.status == .notFound)
                #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let problem = try JSONDecoder().decode(Problem.self, from: Data(response.body.readableBytesView))
                #expect(problem.type == "not-found")
                #expect(problem.title == "未找到")
            }
        }
    }

    @Test("/metrics is Prometheus text with the ledger size")
    func metricsArePrometheusText() async throws {
        try await withTestApp(demo: true) { app in
            let size = try await LedgerReader(database: app.db).size()
            let records = try await RecordModel.query(on: app.db).count()  // the demo's (two since issue 14's archived case)
            try await app.testing().test(.GET, "/metrics") { response in
                #expect(response.status == .ok)
                let text = response.body.string
                #expect(text.contains("# TYPE lawtrail_ledger_entries gauge"))
                #expect(text.contains("# TYPE lawtrail_records_total counter"))
                let samples = try ServerMetricsTests.parse(text)
                #expect(ServerMetricsTests.value(samples, "lawtrail_ledger_entries") == Double(size))
                #expect(ServerMetricsTests.value(samples, "lawtrail_records_total") == Double(records))
            }
        }
    }

    @Test func stylesheetIsServed() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/static/site.css") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("--brand"))
            }
        }
    }
}
