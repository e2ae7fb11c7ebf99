import App
import Domain
import Foundation
import Testing
import TestSupport
import VaporTesting

/// The OpenAPI document is kept true: every /api/v1 route is documented with its action, and
/// nothing is documented that is not served (issue 4 item 9).
@Suite struct OpenAPIDocumentTests {
    struct Operation: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }

    /// Reads the `paths:` block by indentation (the document is hand-written in one style:
    /// two spaces before a path, four before a method, six before its fields).
    static func documented(_ yaml: String) -> [Operation: String?] {
        var operations: [Operation: String?] = [:]
        var path: String?
        var current: Operation?
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), let path {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                current = Operation(method: method, path: path)
                operations[current!] = .some(nil)
            } else if let current, line.hasPrefix("      x-lawtrail-action: ") {
                operations[current] = .some(String(line.dropFirst("      x-lawtrail-action: ".count)))
            }
        }
        return operations
    }

    @Test func documentMatchesTheRouteTable() async throws {
        try await withTestApp { app in
            var yaml = ""
            try await app.testing().test(.GET, "/api/v1/openapi.yaml") { response in
                #expect(response.status == .ok)
                yaml = response.body.string
            }
            #expect(yaml.hasPrefix("openapi: 3.1.0"))
            let documented = Self.documented(yaml)
            var served: [Operation: String?] = [:]
            for route in app.routes.all where route.path.first?.description == "api" {
                let path = "/" + route.path.map { $0.description.hasPrefix(":") ? "{\($0.description.dropFirst())}" : $0.description }
                    .joined(separator: "/")
                let action = (route.userInfo[RouteAction.key] as? Action)?.rawValue
                served[Operation(method: route.method.rawValue, path: path)] = .some(action)
            }
            let undocumented = Set(served.keys).subtracting(documented.keys)
            let notServed = Set(documented.keys).subtracting(served.keys)
            #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(undocumented)")
            #expect(notServed.isEmpty, "documented but not served: \(notServed)")
            for (operation, action) in served where documented[operation] != nil {
                #expect(documented[operation]! == action, "\(operation): documented action \(String(describing: documented[operation]!)) vs served \(String(describing: action))")
            }
        }
    }
}
