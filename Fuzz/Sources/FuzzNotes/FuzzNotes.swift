import FuzzSupport
@testable import Ledger

// Signed notes (SignedNote.open), checkpoints (Checkpoint(text:), Checkpoint.open) and the key
// strings (NoteVerifier(verifierKey:), NoteSigner(privateKeyString:)).
//
// The first byte picks what the rest is:
// 0: a signed note, opened with the fuzz log's, a witness's and the sumdb golden key, then read
//    as a checkpoint;
// 1: checkpoint text;
// 2: note text that the fuzz key signs first, so that the fuzzer reaches past the signature;
// 3: a verifier or signer key string.
// Properties: nothing crashes; what opens has only signatures by the given keys, at most
// `maxSignatures`; checkpoint text round-trips byte for byte; a note the fuzz key signed always
// opens again to the same text; key strings round-trip.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        var seeds: [(String, [UInt8])] = []
        func add(_ name: String, _ mode: UInt8, _ text: String) { seeds.append((name, [mode] + Array(text.utf8))) }
        for (name, note) in try vectorNotes(prefix: "note-") + vectorNotes(prefix: "checkpoint-") {
            add("open-\(name)", 0, note)
        }
        let checkpointText = try Checkpoint(origin: FuzzKeys.origin, size: 6, rootHash: SampleLedger.store.root,
                                            extensions: ["extension one", "— cosigned"]).text
        let signed = try SignedNote.sign(checkpointText, signers: [FuzzKeys.signer, FuzzKeys.witness])
        add("open-fuzz-checkpoint", 0, signed)
        add("open-fuzz-checkpoint-unknown-cosigner", 0, signed + "— other.example AAAAAAAAAA==\n")
        add("checkpoint-text", 1, checkpointText)
        add("checkpoint-zero", 1, "a\n0\n\(SampleLedger.store.root.base64)\n")
        add("checkpoint-max", 1, "a\n18446744073709551615\n\(SampleLedger.store.root.base64)\n")
        add("sign-checkpoint", 2, checkpointText)
        add("sign-multiline", 2, "a\n\nb\n")
        add("key-verifier", 3, FuzzKeys.verifier.verifierKey)
        add("key-golden", 3, FuzzKeys.golden.verifierKey)
        add("key-signer", 3, FuzzKeys.witness.privateKeyString)
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotes(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    switch data[0] % 4 {
    case 0: openNote(text)
    case 1: readCheckpoint(text)
    case 2: signThenOpen(text)
    default: readKey(text)
    }
    return 0
}

private func openNote(_ note: String) {
    let verifiers = FuzzKeys.verifiers
    guard let opened = try? SignedNote.open(note, verifiers: verifiers) else {
        _ = try? Checkpoint.open(note, verifiers: verifiers)
        return
    }
    require(opened.text.utf8.last == 0x0A, "opened text does not end in a newline")
    require(!opened.signatures.isEmpty, "opened with no verified signature")
    require(opened.signatures.count + opened.unverifiedSignatures.count <= SignedNote.maxSignatures, "too many signatures")
    for signature in opened.signatures {
        require(verifiers.contains { $0.name == signature.name && $0.keyID == signature.keyID }, "verified by an unknown key")
    }
    require(Array(note.utf8).starts(with: Array(opened.text.utf8)), "opened text is not the note's beginning")
    let checkpoint = try? Checkpoint(text: opened.text)
    let viaOpen = try? Checkpoint.open(note, verifiers: verifiers)
    require(checkpoint == viaOpen, "Checkpoint.open disagrees with open + parse")
}

private func readCheckpoint(_ text: String) {
    guard let checkpoint = try? Checkpoint(text: text) else { return }
    require(Array(checkpoint.text.utf8) == Array(text.utf8), "checkpoint text does not round-trip")
    require((try? Checkpoint(text: checkpoint.text)) == checkpoint, "re-parsed checkpoint differs")
}

private func signThenOpen(_ text: String) {
    guard let note = try? SignedNote.sign(text, signers: [FuzzKeys.signer]) else { return }
    // The signature block holds no blank line, so the note splits at the end of the text again,
    // whatever the text holds (blank lines, lines that look like signatures).
    let opened: SignedNote
    do {
        opened = try SignedNote.open(note, verifiers: FuzzKeys.verifiers)
    } catch {
        fatalError("a note the fuzz key signed does not open: \(error)")
    }
    require(Array(opened.text.utf8) == Array(text.utf8), "signed text changed")
    require(opened.signatures.map(\.name) == [FuzzKeys.origin], "signature not the fuzz key's")
    if let checkpoint = try? Checkpoint(text: text) {
        let viaOpen = try? Checkpoint.open(note, verifiers: FuzzKeys.verifiers)
        require(viaOpen == checkpoint, "Checkpoint.open of a signed checkpoint differs from its text")
    }
}

private func readKey(_ text: String) {
    if let verifier = try? NoteVerifier(verifierKey: text) {
        require((try? NoteVerifier(verifierKey: verifier.verifierKey)) == verifier, "verifier key does not round-trip")
    }
    if let signer = try? NoteSigner(privateKeyString: text) {
        let again = try? NoteSigner(privateKeyString: signer.privateKeyString)
        require(again?.keyID == signer.keyID && again?.name == signer.name, "signer key does not round-trip")
        require(signer.verifier.keyID == signer.keyID, "signer and verifier key ids differ")
    }
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzNotes_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzNotes($0, size) } ?? 0 }
}
