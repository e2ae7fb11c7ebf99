import App
import Foundation
import Ledger
import Persistence
import Testing
import TestSupport
import VaporTesting

/// The public verification surface, checked the way an outside verifier would: only through
/// HTTP, trusting nothing but the key (issue 3 "Done when"; SPEC X3).
@Suite struct LedgerAPITests {
    struct Entry: Decodable { let index: UInt64; let leaf: String; let leafHash: String; let type: String }
    struct Inclusion: Decodable { let index: UInt64; let treeSize: UInt64; let hashes: [String] }
    struct Consistency: Decodable { let from: UInt64; let to: UInt64; let hashes: [String] }
    struct ProblemBody: Decodable { let type: String; let status: Int; let detail: String }

    static func get(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        var result: TestingHTTPResponse?
        try await app.testing().test(.GET, path) { result = $0 }
        return try #require(result)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    @Test("an outside verifier checks the demo ledger: signature, every leaf, every proof", arguments: TestDatabase.all)
    func outsideVerifierChecksEverything(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let key = try await Self.get(app, "/ledger/key").body.string.trimmingCharacters(in: .newlines)
            let verifier = try NoteVerifier(verifierKey: key)

            let checkpointResponse = try await Self.get(app, "/ledger/checkpoint")
            #expect(checkpointResponse.headers.first(name: .cacheControl)?.contains("no-cache") == true)
            let checkpoint = try Checkpoint.open(checkpointResponse.body.string, verifiers: [verifier])
            let size = checkpoint.size
            // Demo: 7 units + 8 officers + 5 enterprises + 1 natural person, each one event, a case,
            // its activity and its 现场检查记录 (24), then the demo publications and their steps.
            #expect(size == (try await LedgerReader(database: app.db).size()))
            #expect(size > 24)
            #expect(try await LedgerReader(database: app.db).entries(from: 0, limit: Int(size)).contains { $0.eventType == "publication.withdrawn" })

            var leafHashes: [Hash] = []
            for index in 0..<size {
                let response = try await Self.get(app, "/ledger/entries/\(index)")
                #expect(response.headers.first(name: .cacheControl)?.contains("immutable") == true)
                let entry = try Self.decode(Entry.self, response)
                let leaf = try #require(Data(base64Encoded: entry.leaf))
                let hash = MerkleHash.leaf(leaf)
                #expect(hash.hex == entry.leafHash)
                let event = try LedgerEvent(canonicalBytes: leaf)
                #expect(event.type == entry.type)
                leafHashes.append(hash)
            }
            #expect(MerkleTree.root(leafHashes: leafHashes) == checkpoint.rootHash)

            for treeSize in [1, 7, 13, size] {
                let root = MerkleTree.root(leafHashes: leafHashes.prefix(Int(treeSize)))
                for index in 0..<treeSize {
                    let proof = try Self.decode(Inclusion.self, try await Self.get(app, "/ledger/proof/inclusion?index=\(index)&size=\(treeSize)"))
                    #expect(proof.treeSize == treeSize)
                    let hashes = try proof.hashes.map { try Hash(base64: $0) }
                    #expect(MerkleVerifier.verifyInclusion(
                        leafHash: leafHashes[Int(index)], index: index, size: treeSize, proof: hashes, root: root))
                }
            }
            for from in 1...size {
                let proof = try Self.decode(Consistency.self, try await Self.get(app, "/ledger/proof/consistency?from=\(from)&to=\(size)"))
                let hashes = try proof.hashes.map { try Hash(base64: $0) }
                #expect(MerkleVerifier.verifyConsistency(
                    from: from, to: size, proof: hashes,
                    oldRoot: MerkleTree.root(leafHashes: leafHashes.prefix(Int(from))), newRoot: checkpoint.rootHash))
            }
        }
    }

    @Test("bad ledger requests are 4xx problems, never 500", arguments: [
        ("/ledger/proof/inclusion?index=0&size=999", 400, "size-out-of-range"),
        ("/ledger/proof/inclusion?index=5&size=5", 400, "index-out-of-range"),
        ("/ledger/proof/inclusion?index=abc&size=5", 400, "malformed-parameter"),
        ("/ledger/proof/inclusion?index=-1&size=5", 400, "malformed-parameter"),
        ("/ledger/proof/inclusion?index=01&size=5", 400, "malformed-parameter"),
        ("/ledger/proof/inclusion?size=5", 400, "missing-parameter"),
        ("/ledger/proof/inclusion?index=0&size=0", 400, "size-out-of-range"),
        ("/ledger/proof/consistency?from=0&to=5", 400, "invalid-range"),
        ("/ledger/proof/consistency?from=6&to=5", 400, "invalid-range"),
        ("/ledger/proof/consistency?from=1&to=99999999999999999999", 400, "malformed-parameter"),
        ("/ledger/entries/999", 404, "not-found"),
        ("/ledger/entries/x", 400, "malformed-parameter"),
        ("/ledger/entries/9223372036854775808", 400, "malformed-parameter"),
        ("/ledger/proof/inclusion?index=0&size=18446744073709551615", 400, "malformed-parameter"),
    ])
    func badRequestsAreProblems(path: String, status: Int, type: String) async throws {
        try await withTestApp(demo: true) { app in
            let response = try await Self.get(app, path)
            #expect(Int(response.status.code) == status)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try Self.decode(ProblemBody.self, response)
            #expect(problem.type == type)
            #expect(!problem.detail.isEmpty)
        }
    }

    @Test("an empty ledger serves a signed checkpoint of the empty tree")
    func emptyLedgerCheckpoint() async throws {
        try await withTestApp { app in
            let key = try await Self.get(app, "/ledger/key").body.string.trimmingCharacters(in: .newlines)
            let checkpoint = try Checkpoint.open(
                try await Self.get(app, "/ledger/checkpoint").body.string, verifiers: [try NoteVerifier(verifierKey: key)])
            #expect(checkpoint.size == 0)
            #expect(checkpoint.rootHash == MerkleHash.emptyRoot)
            #expect(checkpoint.origin == "lawtrail.test/ledger")
        }
    }
}
