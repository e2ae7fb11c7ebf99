import App
import Foundation
import Testing
import TestSupport
import VaporTesting

/// Issue 11 item 5: one URL registry for public, staff and API paths.
@Suite struct URLRegistryTests {
    static func pattern(_ components: [String]) -> String {
        "/" + components.map { $0.hasPrefix(":") ? ":" : $0 }.joined(separator: "/")
    }

    @Test("every registered route is reachable through URLs, and every entry of URLs is a route")
    func registryAndRoutesAgree() async throws {
        try await withTestApp { app in
            let routed = Set(app.routes.all.map { Self.pattern($0.path.map(\.description)) })
            let registered = Set(URLs.all.map { Self.pattern($0.pattern) })
            #expect(routed.subtracting(registered).isEmpty, "routes missing from URLs: \(routed.subtracting(registered).sorted())")
            #expect(registered.subtracting(routed).isEmpty, "URLs entries with no route: \(registered.subtracting(routed).sorted())")
            #expect(Set(URLs.all.map(\.name)).count == URLs.all.count, "two entries share a name")
        }
    }

    @Test func linksFillParametersAndEscapeThem() {
        let id = UUID()
        #expect(URLs.staffPublicationStep.path(id) == "/staff/publications/\(id.uuidString.lowercased())/step")
        #expect(URLs.home.url == "/")
        // An argument stays one segment: no new path, no query, no fragment.
        #expect(URLs.openDataFile.path("a/../b?c#d") == "/open-data/a%2F..%2Fb%3Fc%23d")
        #expect(URLs.apiPublicationStep(.applyCorrection).path(id) == "/api/v1/publications/\(id.uuidString.lowercased())/corrections/apply")
    }

    @Test("the staff and public views carry no hand-written path")
    func viewsUseTheRegistry() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/App/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "leaf" } ?? []
        #expect(files.count >= 20)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /(?:href|action|src)="(\/[^"]*)"/) {
                Issue.record("\(file.lastPathComponent) links \(match.1) by hand; use #url(name, …)")
            }
        }
    }
}
