import Foundation
import Testing

/// ARCHITECTURE "Modules and the dependency rule": the pure modules import no server framework.
@Suite struct DependencyRuleTests {
    static let forbidden = ["Vapor", "Fluent", "FluentKit", "Leaf", "LeafKit", "NIO", "NIOCore", "NIOPosix",
                            "SQLKit", "PostgresNIO", "SQLiteNIO", "Persistence", "App"]

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every `import X` (any attributes or kinds) in the Swift files under `Sources/<module>`.
    static func imports(ofModule module: String) throws -> [(file: String, module: String)] {
        let directory = packageRoot.appendingPathComponent("Sources/\(module)")
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var found: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .filter { !$0.hasPrefix("@") && $0 != "public" && $0 != "internal" && $0 != "private" }
                guard words.first == "import", words.count >= 2 else { continue }
                var name = words[1]
                if ["struct", "class", "enum", "func", "var", "let", "protocol", "typealias"].contains(name), words.count >= 3 {
                    name = words[2]
                }
                found.append((url.lastPathComponent, String(name.split(separator: ".").first ?? name)))
            }
        }
        return found
    }

    @Test(arguments: ["Ledger", "Domain"])
    func pureModuleImportsNoServerFramework(module: String) throws {
        let imports = try Self.imports(ofModule: module)
        #expect(!imports.isEmpty, "found no Swift files in Sources/\(module)")
        for (file, imported) in imports {
            #expect(!Self.forbidden.contains(imported), "\(module)/\(file) imports \(imported)")
        }
    }

    /// Services and Persistence know no transport: no Vapor, no Leaf, no App (issue 11).
    static let transports = ["Vapor", "Leaf", "LeafKit", "App", "VaporTesting", "XCTVapor"]

    @Test(arguments: ["Services", "Persistence"])
    func serviceAndStorageLayersImportNoTransport(module: String) throws {
        let imports = try Self.imports(ofModule: module)
        #expect(!imports.isEmpty, "found no Swift files in Sources/\(module)")
        for (file, imported) in imports {
            #expect(!Self.transports.contains(imported), "\(module)/\(file) imports \(imported)")
        }
    }

    /// ARCHITECTURE "A staff page never calls an API controller": the two doors meet only in
    /// Services. Every type declared under `Sources/App/API` is looked for in `Sources/App/Web`.
    @Test func staffPagesNameNoAPIControllerType() throws {
        let apiTypes = try Self.declaredTypes(in: "App/API")
        #expect(apiTypes.contains("PublicationController"), "the API's controllers were not found")
        for (file, text) in try Self.sources(in: "App/Web") {
            let words = Set(text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
            for type in apiTypes where words.contains(type) {
                Issue.record("App/Web/\(file) names the API type \(type)")
            }
        }
    }

    /// Issue 11 item 4: one clock. `Date()` reads the system clock behind the injected one's back,
    /// so a pinned test clock would not reach that code. Only the clock's own definitions may.
    @Test(arguments: ["Services", "Persistence", "App"])
    func timeComesFromTheOneClock(module: String) throws {
        let allowed: Set<String> = ["ServiceClock.swift", "AppConfig.swift"]
        for (file, text) in try Self.sources(in: module) where !allowed.contains(file) {
            for line in text.split(separator: "\n") where line.contains("Date()") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                Issue.record("\(module)/\(file) reads the system clock: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    /// Issue 12 item 8: the client's address comes from `Request.clientAddress`, which believes
    /// forwarding headers only from a configured proxy. Vapor's `peerAddress` believes any client's
    /// `X-Forwarded-For`, and a raw `X-Forwarded-*` read does the same.
    @Test func clientAddressOnlyThroughTrustedProxies() throws {
        let allowed: Set<String> = ["ClientAddress.swift"]
        for (file, text) in try Self.sources(in: "App") where !allowed.contains(file) {
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                && !line.trimmingCharacters(in: .whitespaces).hasPrefix("///")
                && (line.contains(".peerAddress") || line.contains("\"X-Forwarded-") || line.contains(".xForwarded")) {
                Issue.record("App/\(file) reads the client's address or scheme around the trusted-proxy rule: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    static func sources(in folder: String) throws -> [(String, String)] {
        let directory = packageRoot.appendingPathComponent("Sources/\(folder)")
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var found: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            found.append((url.lastPathComponent, try String(contentsOf: url, encoding: .utf8)))
        }
        return found
    }

    /// The top-level types (`struct`, `enum`, `class`, `actor` at the start of a line) declared in
    /// a folder's files; their nested types are reached only through them.
    static func declaredTypes(in folder: String) throws -> Set<String> {
        var types = Set<String>()
        for (_, text) in try sources(in: folder) {
            for line in text.split(separator: "\n") {
                if let match = line.prefixMatch(of: /(?:public |final )*(?:struct|enum|class|actor) ([A-Z][A-Za-z0-9_]*)/) {
                    types.insert(String(match.1))
                }
            }
        }
        return types
    }

    @Test func ledgerDoesNotImportDomain() throws {
        let imports = try Self.imports(ofModule: "Ledger")
        #expect(!imports.contains { $0.module == "Domain" })
    }
}
