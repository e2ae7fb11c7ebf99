import Foundation

/// A C2SP signed note: text ending in a newline, a blank line, then one signature line per key.
///
/// `open` refuses anything malformed with a reason and returns only what a known key signed:
/// a checkpoint is worth nothing unless the log's key signed it. Signatures by keys the caller
/// does not know (witness cosignatures, say) are kept aside, not refused, as the format
/// requires. // SPEC X3
public struct SignedNote: Hashable, Sendable {
    /// The signed text, ending in a newline.
    public let text: String
    /// Signatures that verified with one of the given keys, in note order (repeats dropped).
    public let signatures: [NoteSignature]
    /// Well-formed signatures by keys the caller did not give (repeats dropped).
    public let unverifiedSignatures: [NoteSignature]

    /// More signature lines than this is refused, so that a hostile note cannot make a verifier
    /// spend unbounded time (the Go `sumdb/note` package uses the same limit).
    public static let maxSignatures = 100

    /// Signs `text` with every signer: `text` + "\n" + one signature line per signer.
    public static func sign(_ text: String, signers: [NoteSigner]) throws -> String {
        guard !signers.isEmpty else { throw LedgerError.malformedNote("no signer given") }
        try checkCharacters(text)
        guard text.utf8.last == 0x0A else { throw LedgerError.malformedNote("note text must end with a newline") }
        var note = text + "\n"
        for signer in signers {
            note += try signer.signatureLine(for: text)
        }
        return note
    }

    /// Parses `note` and verifies its signatures against `verifiers`.
    ///
    /// Refuses: control characters other than newline; no blank line before the signatures; a
    /// signature block that is empty or does not end in a newline; a line that is not
    /// "— <name> <base64>" with a valid name and at least 5 decoded bytes; more than
    /// `maxSignatures` lines; two verifiers with the same name and key id where one is needed;
    /// a known key whose signature does not verify; and a note with no signature by any given key.
    public static func open(_ note: String, verifiers: [NoteVerifier]) throws -> SignedNote {
        try checkCharacters(note)
        let bytes = Array(note.utf8)
        guard let split = lastBlankLine(in: bytes) else {
            throw LedgerError.malformedNote("no blank line between text and signatures")
        }
        let textBytes = Array(bytes[..<(split + 1)])
        let block = bytes[(split + 2)...]
        guard !block.isEmpty else { throw LedgerError.malformedNote("no signature lines after the blank line") }
        guard block.last == 0x0A else { throw LedgerError.malformedNote("signature block must end with a newline") }

        var verified: [NoteSignature] = []
        var unverified: [NoteSignature] = []
        var seenKeys: Set<String> = []
        var seenUnverifiedLines: Set<String> = []
        var lineNumber = 0
        for rawLine in block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber <= maxSignatures else { throw LedgerError.tooManySignatures(maxSignatures) }
            guard rawLine.starts(with: NoteFormat.signaturePrefix) else {
                throw LedgerError.malformedNote("signature line \(lineNumber) does not start with \"\u{2014} \"")
            }
            let line = String(decoding: rawLine.dropFirst(NoteFormat.signaturePrefix.count), as: UTF8.self)
            guard let space = line.firstIndex(of: " ") else {
                throw LedgerError.malformedNote("signature line \(lineNumber) has no space between name and signature")
            }
            let name = String(line[..<space])
            let base64 = String(line[line.index(after: space)...])
            if let problem = NoteFormat.nameProblem(name) {
                throw LedgerError.malformedNote("signature line \(lineNumber): \(problem)")
            }
            guard let blob = StrictBase64.decode(base64) else {
                throw LedgerError.malformedNote("signature line \(lineNumber): signature is not canonical standard base64")
            }
            guard blob.count >= 5 else {
                throw LedgerError.malformedNote("signature line \(lineNumber): signature is shorter than key id and one byte")
            }
            let keyID = blob.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let signature = NoteSignature(name: name, keyID: keyID, base64: base64)

            let candidates = verifiers.filter { $0.name == name && $0.keyID == keyID }
            if candidates.isEmpty {
                if seenUnverifiedLines.insert(base64 + " " + name).inserted {
                    unverified.append(signature)
                }
                continue
            }
            guard candidates.count == 1 else { throw LedgerError.ambiguousKey(signature.keyDescription) }
            guard seenKeys.insert(signature.keyDescription).inserted else { continue }
            guard candidates[0].isValidSignature(blob.dropFirst(4), for: textBytes) else {
                throw LedgerError.invalidSignature(signature.keyDescription)
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else {
            let seen = unverified.map(\.keyDescription).joined(separator: ", ")
            throw LedgerError.unknownKey("no signature by a known key (signed by: \(seen))")
        }
        return SignedNote(text: String(decoding: textBytes, as: UTF8.self),
                          signatures: verified, unverifiedSignatures: unverified)
    }

    private init(text: String, signatures: [NoteSignature], unverifiedSignatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
        self.unverifiedSignatures = unverifiedSignatures
    }

    /// Signed notes carry no ASCII control characters other than newline.
    static func checkCharacters(_ text: String) throws {
        for scalar in text.unicodeScalars where scalar.value < 0x20 && scalar != "\n" {
            throw LedgerError.malformedNote("control character U+\(String(format: "%04X", scalar.value)) is not allowed")
        }
    }

    /// Position of the first newline of the last "\n\n".
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
            i -= 1
        }
        return nil
    }
}
