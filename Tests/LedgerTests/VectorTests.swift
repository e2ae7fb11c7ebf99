import Foundation
import Ledger
import Testing

/// Loads every file in Vectors/ and checks that our verifiers conclude what the file expects.
@Suite struct VectorTests {
    static var vectorDirectory: URL {
        Bundle.module.url(forResource: "Vectors", withExtension: nil)!
    }

    static func loadVectors() throws -> [(name: String, content: JSONValue, text: String)] {
        let urls = try FileManager.default.contentsOfDirectory(at: vectorDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try urls.map { url in
            let data = try Data(contentsOf: url)
            return (url.deletingPathExtension().lastPathComponent, try CanonicalJSON.decode(data),
                    String(decoding: data, as: UTF8.self))
        }
    }

    @Test func everyVectorFileHoldsItsExpectation() throws {
        let vectors = try Self.loadVectors()
        #expect(vectors.count >= 30, "vector files are missing")
        for (name, content, _) in vectors {
            let v = try #require(content.objectValue, "\(name)")
            let expect = try #require(v["expect"]?.stringValue, "\(name) has no expect")
            #expect(expect == "valid" || expect == "invalid")
            #expect(v["why"]?.stringValue?.isEmpty == false, "\(name) has no why")
            let valid: Bool
            switch v["kind"]?.stringValue {
            case "inclusion":
                valid = MerkleVerifier.verifyInclusion(
                    leafHash: try hash(v["leafHash"]), index: try uint(v["leafIndex"]), size: try uint(v["treeSize"]),
                    proof: try hashes(v["proof"]), root: try hash(v["rootHash"]))
            case "consistency":
                valid = MerkleVerifier.verifyConsistency(
                    from: try uint(v["from"]), to: try uint(v["to"]), proof: try hashes(v["proof"]),
                    oldRoot: try hash(v["oldRoot"]), newRoot: try hash(v["newRoot"]))
            case "note":
                let opened = try? SignedNote.open(try string(v["note"]), verifiers: try verifiers(v["verifierKeys"]))
                valid = opened != nil
                if let opened { #expect(opened.text == v["text"]?.stringValue, "\(name)") }
            case "checkpoint":
                let checkpoint = try? Checkpoint.open(try string(v["note"]), verifiers: try verifiers(v["verifierKeys"]),
                                                      expectedOrigin: try string(v["expectedOrigin"]))
                valid = checkpoint != nil
                if let checkpoint {
                    #expect(checkpoint.size == (try uint(v["treeSize"])), "\(name)")
                    #expect(checkpoint.rootHash == (try hash(v["rootHash"])), "\(name)")
                }
            default:
                Issue.record("\(name): unknown kind")
                continue
            }
            #expect(valid == (expect == "valid"), "\(name): expected \(expect)")
        }
    }

    /// The committed files are exactly what the committed generator writes. (Linux only: signing
    /// the checkpoint vectors needs deterministic Ed25519, which Apple's CryptoKit does not give.)
    @Test(.enabled(if: !isDarwin)) func committedVectorsMatchTheGenerator() throws {
        let generated = try TestVectors.generate()
        let committed = try Self.loadVectors()
        #expect(Set(committed.map(\.name)) == Set(generated.keys))
        for (name, _, text) in committed {
            #expect(generated[name].map(VectorJSON.pretty) == text, "\(name) differs; regenerate (Vectors/README.md)")
        }
    }

    /// Rewrites Tests/LedgerTests/Vectors/*.json; runs only with LAWTRAIL_REGENERATE_VECTORS=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LAWTRAIL_REGENERATE_VECTORS"] == "1"))
    func regenerateVectorFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
        let manager = FileManager.default
        for url in try manager.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil) where url.pathExtension == "json" {
            try manager.removeItem(at: url)
        }
        for (name, content) in try TestVectors.generate() {
            try Data(VectorJSON.pretty(content).utf8).write(to: directory.appendingPathComponent(name + ".json"))
        }
    }

    struct BadVector: Error { let field: String }

    private func string(_ value: JSONValue?) throws -> String {
        guard let text = value?.stringValue else { throw BadVector(field: "string") }
        return text
    }

    private func uint(_ value: JSONValue?) throws -> UInt64 {
        guard let n = value?.integerValue, n >= 0 else { throw BadVector(field: "integer") }
        return UInt64(n)
    }

    private func hash(_ value: JSONValue?) throws -> Hash {
        try Hash(hex: try string(value))
    }

    private func hashes(_ value: JSONValue?) throws -> [Hash] {
        guard let elements = value?.arrayValue else { throw BadVector(field: "array") }
        return try elements.map(hash)
    }

    private func verifiers(_ value: JSONValue?) throws -> [NoteVerifier] {
        guard let elements = value?.arrayValue else { throw BadVector(field: "array") }
        return try elements.map { try NoteVerifier(verifierKey: try string($0)) }
    }
}

#if canImport(Darwin)
let isDarwin = true
#else
let isDarwin = false
#endif
