import Crypto
import Foundation
import FuzzSupport
@testable import Ledger

// Proof bundle files: ProofBundle.decode and check (docs/ledger-format.md, `lawtrail proof check`).
//
// The first byte picks how far the fuzzer may get:
// 0: the file is checked as it is against the fuzz log's key (only a signature by that key
//    gets past step 2, so mutations mostly test steps 1–2 and decoding);
// 1: its checkpoint text is re-signed by the fuzz key first (reaches steps 3–4 with any tree
//    size, index and proof);
// 2: its checkpoint is rebuilt with the root its own leaf and proof lead to, then signed
//    (reaches steps 5–7: the leaf, the content and its digest).
// Properties: nothing crashes; decode → encoded → decode is the same bundle; a bundle that
// checks has its index inside the tree, canonical content whose SHA-256 the leaf records; in
// mode 2 no step before 5 fails.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        var seeds: [(String, [UInt8])] = []
        for index in 0...SampleLedger.entries.count {
            let file = [UInt8](try SampleLedger.bundle(index: index).encoded())
            seeds.append(("bundle-\(index)", [0] + file))
            seeds.append(("resign-\(index)", [2] + file))
        }
        var noncanonical = try SampleLedger.bundle(index: 2)
        noncanonical.content = " " + noncanonical.content
        seeds.append(("content-not-canonical", [2] + [UInt8](noncanonical.encoded())))
        var wide = try SampleLedger.bundle(index: 0)
        wide.checkpoint = try Checkpoint(origin: FuzzKeys.origin, size: UInt64.max, rootHash: SampleLedger.store.root,
                                         extensions: ["x"]).signed(by: [FuzzKeys.signer])
        wide.index = UInt64.max - 1
        seeds.append(("huge-tree", [1] + [UInt8](wide.encoded())))
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProofBundle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let file = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let mode = data[0] % 3
    guard var bundle = try? ProofBundle.decode(file) else {
        _ = try? ProofBundle.check(file, verifierKey: FuzzKeys.verifier.verifierKey)
        return 0
    }
    require((try? ProofBundle.decode(bundle.encoded())) == bundle, "bundle does not round-trip through its file form")

    var reachesLeaf = false
    if mode > 0 {
        // The checkpoint's text: the note up to its last blank line, or the whole string.
        let text = bundle.checkpoint.range(of: "\n\n", options: .backwards)
            .map { String(bundle.checkpoint[..<$0.lowerBound]) + "\n" } ?? bundle.checkpoint
        let parsed = try? Checkpoint(text: text)
        var treeSize = parsed?.size ?? bundle.index &+ 1
        var root = parsed?.rootHash ?? SampleLedger.store.root
        if mode == 2 {
            if treeSize <= bundle.index { treeSize = bundle.index &+ 1 }
            if treeSize > bundle.index, let computed = try? MerkleVerifier.rootFromInclusionProof(
                leafHash: MerkleHash.leaf(bundle.leaf), index: bundle.index, size: treeSize, proof: bundle.inclusionProof) {
                root = computed
                reachesLeaf = true
            }
        }
        guard let checkpoint = try? Checkpoint(origin: FuzzKeys.origin, size: treeSize, rootHash: root,
                                                extensions: parsed?.extensions ?? []),
              let note = try? checkpoint.signed(by: [FuzzKeys.signer]) else { return 0 }
        bundle.checkpoint = note
    }

    let result: ProofBundleCheck
    do {
        result = try bundle.check(verifier: FuzzKeys.verifier)
    } catch {
        if reachesLeaf && bundle.format == ProofBundle.currentFormat {
            switch error {
            case .leafNotCanonical, .leafWithoutContentDigest, .contentNotJSON, .contentNotCanonical, .contentMismatch:
                break
            default:
                fatalError("a bundle re-signed over its own root failed before the leaf: \(error)")
            }
        }
        _ = error.description
        return 0
    }
    require(result.index < result.treeSize, "index outside the tree")
    require(result.origin == FuzzKeys.origin, "origin is not the key's name")
    require((try? CanonicalJSON.encode(result.content)) == Array(bundle.content.utf8), "content is not canonical")
    require(result.contentSha256 == Hash(SHA256.hash(data: Array(bundle.content.utf8))).hex, "content digest differs")
    require(result.event.fields["contentSha256"]?.stringValue == result.contentSha256, "leaf does not record the content digest")
    require(result.leafHash == MerkleHash.leaf(bundle.leaf), "leaf hash differs")
    return 0
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzProofBundle_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzProofBundle($0, size) } ?? 0 }
}
