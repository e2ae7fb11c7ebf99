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

    @Test func ledgerDoesNotImportDomain() throws {
        let imports = try Self.imports(ofModule: "Ledger")
        #expect(!imports.contains { $0.module == "Domain" })
    }
}
