@testable import App
import Foundation
import Testing
import TestSupport
import VaporTesting

/// Issue 12 item 1: no input reaches a response header as it came — the open-data file name, the
/// sign-in `next`, the feed's `Host` — and the last guard refuses any header with CR or LF.
@Suite struct HeaderInjectionTests {
    @Test("issue 12 item 1: a CR LF in the open-data file name plants no header", arguments: [TestDatabase.sqlite])
    func openDataFileName(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            for path in [
                "/open-data/penalty-decision.%0D%0ASet-Cookie:%20x=1%0D%0AX:.csv",
                "/open-data/penalty-decision.x%0ASet-Cookie:%20x=1.json",
            ] {
                try await app.testing().test(.GET, path) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.setCookie].isEmpty)
                    #expect(response.headers.contains(name: .contentDisposition) == false)
                }
            }
            try await app.testing().test(.GET, "/open-data/penalty-decision.csv") { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentDisposition) == #"attachment; filename="penalty-decision.csv""#)
            }
        }
    }

    @Test("issue 12 item 1: the sign-in `next` cannot split the Location header or leave the staff pages")
    func signInNext() {
        #expect(SignInController.redirectTarget("/staff/cases?page=2") == "/staff/cases?page=2")
        #expect(SignInController.redirectTarget("/staff/%0D%0ASet-Cookie:x=1") == "/staff/%0D%0ASet-Cookie:x=1")
        #expect(SignInController.redirectTarget("/staff/\r\nSet-Cookie: x=1") == "/staff")
        #expect(SignInController.redirectTarget("/staff/\\evil.example") == "/staff")
        #expect(SignInController.redirectTarget("//evil.example/staff") == "/staff")
        #expect(SignInController.redirectTarget("https://evil.example/staff") == "/staff")
        #expect(SignInController.redirectTarget("/staffing") == "/staff")
    }

    @Test("issue 12 item 1: the feed's links never carry a client's Host header", arguments: [TestDatabase.sqlite])
    func feedHost(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .host, value: "evil.example\"><script>alert(1)</script>")
            headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
            try await app.testing().test(.GET, "/feed.atom", headers: headers) { response in
                #expect(response.status == .ok)
                #expect(!response.body.string.contains("evil.example"))
                #expect(!response.body.string.contains("<script>"))
                // X-Forwarded-Proto from an untrusted client is ignored.
                #expect(response.body.string.contains("href=\"http://localhost/feed.atom\""))
            }
        }
        try await withTestApp(database, demo: true, adjust: { $0.publicBaseURL = "https://zfgs.example.gov.cn" }) { app in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .host, value: "evil.example")
            try await app.testing().test(.GET, "/feed.atom", headers: headers) { response in
                #expect(response.body.string.contains("href=\"https://zfgs.example.gov.cn/feed.atom\""))
                #expect(!response.body.string.contains("evil.example"))
            }
        }
    }

    @Test("issue 12 item 1: a response header with CR or LF is never sent, whatever built it", arguments: [TestDatabase.sqlite])
    func lastGuard(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            app.get("test-only", "split") { req -> Response in
                let response = Response(status: .ok)
                response.headers.replaceOrAdd(name: "X-Echo", value: "a\r\nSet-Cookie: x=1")
                return response
            }
            try await app.testing().test(.GET, "/test-only/split") { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.setCookie].isEmpty)
                #expect(response.headers.contains(name: "X-Echo") == false)
            }
        }
    }

    @Test("issue 12 item 1: attachment names keep only safe characters")
    func attachmentNames() {
        #expect(AttachmentHeader.value(filename: "penalty-decision.csv") == #"attachment; filename="penalty-decision.csv""#)
        // `"` and the CR LF pair (one Character) are each replaced.
        #expect(AttachmentHeader.value(filename: "a\"\r\nb.csv") == #"attachment; filename="a__b.csv""#)
        #expect(AttachmentHeader.value(filename: "决定书.pdf") == #"attachment; filename="___.pdf""#)
    }
}
