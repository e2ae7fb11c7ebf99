import Foundation
import Ledger

/// The committed generator of the files in Vectors/: a happy case and systematic mutations for
/// inclusion proofs, consistency proofs, signed notes and signed checkpoints, each file saying
/// what a verifier must conclude ("expect") and why.
///
/// Trees are the 8-leaf transparency-dev/merkle test tree; notes use the Go sumdb/note
/// PeterNeumann key. Run with LAWTRAIL_REGENERATE_VECTORS=1 to rewrite the files (see
/// Vectors/README.md). Every case is checked against our verifier while generating, so a mutation
/// that accidentally still verifies cannot be written as "invalid".
enum TestVectors {
    /// File name (without .json) → content.
    static func generate() throws -> [String: JSONValue] {
        var files: [String: JSONValue] = [:]
        try addInclusion(to: &files)
        try addConsistency(to: &files)
        try addNotes(to: &files)
        try addCheckpoints(to: &files)
        return files
    }

    static let treeDescription = "transparency-dev/merkle testonly LeafInputs(): 8 leaves"

    static var store: InMemoryNodeStore { InMemoryNodeStore(leafHashes: KnownTreeTests.leafHashes) }

    static func root(_ size: Int) -> Hash { try! Hash(hex: KnownTreeTests.rootHashes[size]) }

    static func hexes(_ hashes: [Hash]) -> JSONValue { .array(hashes.map { .string($0.hex) }) }

    struct Mismatch: Error, CustomStringConvertible {
        let name: String
        var description: String { "vector \(name) does not verify as it claims" }
    }

    // MARK: Inclusion

    private static func addInclusion(to files: inout [String: JSONValue]) throws {
        let proof = try MerkleProofs.inclusionProof(index: 5, size: 7, source: store)
        let leaf = KnownTreeTests.leafHashes[5]
        func add(_ name: String, _ expect: Bool, _ why: String, index: UInt64 = 5, size: UInt64 = 7,
                 leafHash: Hash = leaf, proof: [Hash] = proof, root: Hash = root(7)) throws {
            let valid = MerkleVerifier.verifyInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)
            guard valid == expect else { throw Mismatch(name: name) }
            files["inclusion-" + name] = [
                "kind": "inclusion", "tree": .string(treeDescription),
                "expect": expect ? "valid" : "invalid", "why": .string(why),
                "leafIndex": .integer(Int64(index)), "treeSize": .integer(Int64(size)),
                "leafHash": .string(leafHash.hex), "proof": hexes(proof), "rootHash": .string(root.hex),
            ]
        }
        try add("valid", true, "inclusion proof of leaf 5 in the tree of size 7, bottom first (RFC 9162 §2.1.3)")
        try add("valid-ephemeral", true,
                "leaf 0 in size 7: the last proof hash is the incomplete right subtree [4, 7), recomputed from (1,2) and (0,6)",
                index: 0, leafHash: KnownTreeTests.leafHashes[0],
                proof: try MerkleProofs.inclusionProof(index: 0, size: 7, source: store))
        try add("valid-single-leaf", true, "a tree of one leaf: the leaf hash is the root and the proof is empty",
                index: 0, size: 1, leafHash: KnownTreeTests.leafHashes[0], proof: [], root: root(1))
        var flipped = proof
        flipped[1] = flipBit(flipped[1], bit: 0)
        try add("flipped-bit", false, "lowest bit of the first byte of proof hash 1 flipped", proof: flipped)
        try add("truncated", false, "last proof hash removed", proof: Array(proof.dropLast()))
        try add("extra-element", false, "one hash too many appended to the proof", proof: proof + [root(7)])
        try add("wrong-index", false, "the proof of leaf 5 presented as the proof of leaf 4", index: 4)
        try add("wrong-size", false, "the proof for size 7 checked as if the tree had 6 leaves", size: 6)
        try add("wrong-root", false, "checked against the root of size 8 instead of size 7", root: root(8))
        try add("wrong-leaf", false, "the hash of leaf 4 with the proof of leaf 5", leafHash: KnownTreeTests.leafHashes[4])
        try add("index-beyond-size", false, "leaf index 7 does not exist in a tree of 7 leaves", index: 7)
    }

    // MARK: Consistency

    private static func addConsistency(to files: inout [String: JSONValue]) throws {
        let proof = try MerkleProofs.consistencyProof(from: 3, to: 7, source: store)
        func add(_ name: String, _ expect: Bool, _ why: String, from: UInt64 = 3, to: UInt64 = 7,
                 proof: [Hash] = proof, oldRoot: Hash = root(3), newRoot: Hash = root(7)) throws {
            let valid = MerkleVerifier.verifyConsistency(from: from, to: to, proof: proof, oldRoot: oldRoot, newRoot: newRoot)
            guard valid == expect else { throw Mismatch(name: name) }
            files["consistency-" + name] = [
                "kind": "consistency", "tree": .string(treeDescription),
                "expect": expect ? "valid" : "invalid", "why": .string(why),
                "from": .integer(Int64(from)), "to": .integer(Int64(to)),
                "oldRoot": .string(oldRoot.hex), "newRoot": .string(newRoot.hex), "proof": hexes(proof),
            ]
        }
        try add("valid", true, "consistency of size 3 with size 7 (RFC 9162 §2.1.4); the last hash is the incomplete subtree [4, 7)")
        try add("valid-power-of-two", true, "from size 4, a power of two: the old root is not repeated in the proof",
                from: 4, to: 8, proof: try MerkleProofs.consistencyProof(from: 4, to: 8, source: store),
                oldRoot: root(4), newRoot: root(8))
        try add("valid-same-size", true, "equal sizes: consistent with an empty proof when the roots are equal",
                from: 7, to: 7, proof: [], oldRoot: root(7))
        var flipped = proof
        flipped[2] = flipBit(flipped[2], bit: 255)
        try add("flipped-bit", false, "highest bit of the last byte of proof hash 2 flipped", proof: flipped)
        try add("truncated", false, "last proof hash removed", proof: Array(proof.dropLast()))
        try add("extra-element", false, "one hash too many appended to the proof", proof: proof + [root(7)])
        try add("wrong-from", false, "the proof from size 3 checked as if from size 2 (old root still of size 3)", from: 2)
        try add("wrong-to", false, "the proof to size 7 checked as if to size 4 (new root still of size 7)", to: 4)
        try add("wrong-old-root", false, "old root of size 2 instead of size 3", oldRoot: root(2))
        try add("wrong-new-root", false, "new root of size 8 instead of size 7", newRoot: root(8))
        try add("same-size-different-roots", false, "equal sizes with different roots can never be consistent",
                from: 7, to: 7, proof: [], oldRoot: root(7), newRoot: root(8))
        try add("from-zero", false,
                "RFC 9162 §2.1.4 defines consistency only for 0 < from; LawTrail refuses from = 0 (transparency-dev/merkle would accept an empty proof)",
                from: 0, proof: [], oldRoot: MerkleHash.emptyRoot)
        try add("from-beyond-to", false, "old size larger than new size", from: 8, to: 7, proof: [], oldRoot: root(8))
    }

    // MARK: Notes

    static let peterSignature = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="

    private static func addNotes(to files: inout [String: JSONValue]) throws {
        let text = SignedNoteTests.text
        let good = SignedNoteTests.note
        func add(_ name: String, _ expect: Bool, _ why: String, note: String = good,
                 keys: [String] = [SignedNoteTests.verifierKey]) throws {
            let verifiers = try keys.map(NoteVerifier.init(verifierKey:))
            let opened = try? SignedNote.open(note, verifiers: verifiers)
            guard (opened != nil) == expect else { throw Mismatch(name: name) }
            var file: JSONValue = [
                "kind": "note", "expect": expect ? "valid" : "invalid", "why": .string(why),
                "note": .string(note), "verifierKeys": .array(keys.map { .string($0) }),
            ]
            if let opened, case .object(var members) = file {
                members["text"] = .string(opened.text)
                file = .object(members)
            }
            files["note-" + name] = file
        }
        try add("valid", true, "the golden note of golang.org/x/mod/sumdb/note note_test.go (TestSign)")
        try add("valid-unknown-cosignature", true, "a second signature by a key the verifier does not know is set aside",
                note: text + "\n" + SignedNoteTests.peterSig + SignedNoteTests.enochSig)
        var blob = Array(Data(base64Encoded: peterSignature)!)
        blob[10] ^= 0x01
        let flipped = good.replacingOccurrences(of: peterSignature, with: Data(blob).base64EncodedString())
        try add("flipped-bit-signature", false, "one bit of the Ed25519 signature flipped (byte 6 of the signature)", note: flipped)
        try add("wrong-key", false, "only the EnochRoot key is trusted; the note is signed by PeterNeumann",
                keys: [SignedNoteTests.enochKey])
        try add("trailing-garbage", false, "a line that is not a signature after the signature line",
                note: good + "Unexpected line.\n")
        try add("trailing-garbage-no-newline", false, "bytes after the final newline of the signature block",
                note: good + "x")
        try add("missing-blank-line", false, "no blank line between the text and the signature line",
                note: text + SignedNoteTests.peterSig)
        try add("changed-text", false, "one letter of the signed text changed",
                note: good.replacingOccurrences(of: "cryptography", with: "cryptographY"))
        try add("ascii-dash", false, "signature line starts with '-' instead of U+2014 EM DASH",
                note: good.replacingOccurrences(of: "\u{2014}", with: "-"))
    }

    // MARK: Checkpoints

    private static func addCheckpoints(to files: inout [String: JSONValue]) throws {
        let signer = try NoteSigner(privateKeyString: SignedNoteTests.signerKey)
        func add(_ name: String, _ expect: Bool, _ why: String, text: String, origin: String = "PeterNeumann") throws {
            let note = try SignedNote.sign(text, signers: [signer])
            let opened = try? Checkpoint.open(note, verifiers: [signer.verifier], expectedOrigin: origin)
            guard (opened != nil) == expect else { throw Mismatch(name: name) }
            var members: [String: JSONValue] = [
                "kind": "checkpoint", "expect": expect ? "valid" : "invalid", "why": .string(why),
                "note": .string(note), "verifierKeys": [.string(SignedNoteTests.verifierKey)],
                "expectedOrigin": .string(origin),
            ]
            if let opened {
                members["treeSize"] = .integer(Int64(opened.size))
                members["rootHash"] = .string(opened.rootHash.hex)
            }
            files["checkpoint-" + name] = .object(members)
        }
        let good = try Checkpoint(origin: "PeterNeumann", size: 8, rootHash: root(8))
        try add("valid", true, "C2SP tlog-checkpoint of the 8-leaf tree, signed with the sumdb/note test key", text: good.text)
        try add("valid-extension", true, "an extension line after the root hash",
                text: try Checkpoint(origin: "PeterNeumann", size: 8, rootHash: root(8), extensions: ["timestamp 1795914123"]).text)
        try add("leading-zero-size", false, "correctly signed, but the tree size is written 08",
                text: "PeterNeumann\n08\n\(root(8).base64)\n")
        try add("short-root", false, "correctly signed, but the root hash is 31 bytes",
                text: "PeterNeumann\n8\n\(Data(root(8).bytes.dropLast()).base64EncodedString())\n")
        try add("wrong-origin", false, "correctly signed checkpoint of another log",
                text: try Checkpoint(origin: "other.example/log", size: 8, rootHash: root(8)).text)
    }

    static func flipBit(_ hash: Hash, bit: Int) -> Hash {
        var bytes = hash.bytes
        bytes[bit / 8] ^= UInt8(1 << (bit % 8))
        return try! Hash(bytes: bytes)
    }
}
