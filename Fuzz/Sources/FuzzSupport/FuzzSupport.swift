import CFuzzDriver
import Crypto
import Foundation
import Ledger

// What every target shares: property checks that crash (so libFuzzer keeps the input), fixed
// keys (so that signed seeds stay valid from one run to the next), and the seed writer.

/// Stops the run when a property does not hold: libFuzzer reports the trap as a crash and saves
/// the input as `crash-<sha1>`.
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        fatalError("property violated: \(message())", file: file, line: line)
    }
}

/// The bytes libFuzzer hands over.
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Fixed Ed25519 keys. Not secret: they sign only fuzz inputs.
public enum FuzzKeys {
    /// The name of the fuzz log's key, and so its checkpoints' origin.
    public static let origin = "lawtrail.fuzz/ledger"

    public static let signer: NoteSigner = try! NoteSigner(
        name: origin, privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))

    public static var verifier: NoteVerifier { signer.verifier }

    /// A second log, so that notes with a signature by another known key are reached too.
    public static let witness: NoteSigner = try! NoteSigner(
        name: "witness.fuzz", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 9, count: 32)))

    /// The golden key of golang.org/x/mod/sumdb/note, whose notes are in Tests/LedgerTests/Vectors.
    public static let golden = try! NoteVerifier(
        verifierKey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")

    public static var verifiers: [NoteVerifier] { [verifier, witness.verifier, golden] }
}

/// When `LAWTRAIL_FUZZ_SEEDS` names a directory, writes the target's seed inputs there (one file
/// each) and exits; scripts/fuzz.sh --seed uses it to rebuild Fuzz/corpus/<target>/ before
/// minimising it. Otherwise does nothing.
public func writeSeedsIfAsked(_ seeds: () throws -> [(name: String, bytes: [UInt8])]) {
    guard let directory = ProcessInfo.processInfo.environment["LAWTRAIL_FUZZ_SEEDS"], !directory.isEmpty else { return }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for seed in try seeds() {
            try Data(seed.bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-" + seed.name))
        }
    } catch {
        fatalError("writing seeds to \(directory): \(error)")
    }
    exit(0)
}

/// The repository's root, found from this file's path (Fuzz/Sources/FuzzSupport/…), for seeds
/// taken from the repository's own data (calendar files, test vectors).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `note` of each Tests/LedgerTests/Vectors/<prefix>*.json, exactly as in the file.
public func vectorNotes(prefix: String) throws -> [(name: String, note: String)] {
    let directory = repositoryRoot.appendingPathComponent("Tests/LedgerTests/Vectors")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
        .compactMap { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (object?["note"] as? String).map { (String(name.dropLast(5)), $0) }
        }
}

/// A small ledger with real leaves, signed by `FuzzKeys.signer`: bundles for the proof-bundle
/// seeds, leaves for the JSON seeds.
public enum SampleLedger {
    public struct Entry: Sendable {
        public let leaf: [UInt8]
        public let content: String
    }

    public static let contents: [JSONValue] = [
        ["id": "9e8610a4-252c-4e9b-a6f4-69a047d8fb2b", "kind": "section", "name": "法制宣传科"],
        ["address": "上海市\"浦东\"新区 1 号", "identifier": "91310000MA1FL0000X", "kind": "legal-person", "name": "某某有限公司"],
        ["count": 3, "flags": [true, false, nil], "nested": ["a": -1, "b": "x\ny", "\u{1F600}": "\u{E000}"]],
        ["kind": "photo", "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "size": 0],
        [:],
    ]

    public static let entries: [Entry] = contents.enumerated().map { index, value in
        let content = try! CanonicalJSON.encode(value)
        let digest = Hash(SHA256.hash(data: content)).hex
        let event = try! LedgerEvent(
            type: ["unit.created", "counterparty.created", "record.ingested", "record.corrected", "publication.withdrawn"][index],
            at: Date(timeIntervalSince1970: 1_795_000_000 + Double(index) * 61),
            fields: ["contentSha256": .string(digest), "recordId": "7e5d4c3b-2a19-4e8f-b7a6-d5c4b3a29180", "n": .integer(Int64(index))])
        return Entry(leaf: event.canonicalBytes, content: String(decoding: content, as: UTF8.self))
    }

    /// One leaf more without a content digest.
    public static let bareLeaf: [UInt8] = try! LedgerEvent(
        type: "device.assigned", at: Date(timeIntervalSince1970: 1_795_000_500),
        fields: ["deviceId": "0b7c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4"]).canonicalBytes

    /// The tree of all leaves.
    public static let store = InMemoryNodeStore(leafHashes: (entries.map(\.leaf) + [bareLeaf]).map(MerkleHash.leaf))

    /// The signed checkpoint of the whole tree, with `extensions`.
    public static func checkpoint(extensions: [String] = []) throws -> String {
        try Checkpoint(origin: FuzzKeys.origin, size: store.size, rootHash: store.root, extensions: extensions)
            .signed(by: [FuzzKeys.signer])
    }

    /// The bundle for leaf `index`.
    public static func bundle(index: Int) throws -> ProofBundle {
        let leaves = entries.map(\.leaf) + [bareLeaf]
        return ProofBundle(
            checkpoint: try checkpoint(), index: UInt64(index), leaf: leaves[index],
            inclusionProof: try MerkleProofs.inclusionProof(index: UInt64(index), size: store.size, source: store),
            content: index < entries.count ? entries[index].content : "{}")
    }
}

/// Runs libFuzzer on `callback`: the body of each target's `<module>_main` entry point (see
/// CFuzzDriver.h for why there is one).
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, callback)
}
