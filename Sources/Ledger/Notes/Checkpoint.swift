import Foundation

/// A C2SP tlog-checkpoint: the log's origin, tree size and root hash, plus optional extension
/// lines — the text that the ledger signs after each batch and serves at
/// `GET /ledger/checkpoint`. // SPEC X3
///
/// Text form, each line ending in "\n":
/// ```
/// <origin>
/// <tree size in decimal, no leading zeros>
/// <base64 root hash>
/// <extension line>…
/// ```
public struct Checkpoint: Hashable, Sendable {
    /// Names the log; by convention a schema-less URL, and equal to the signing key's name.
    public let origin: String
    /// Number of leaves.
    public let size: UInt64
    /// MTH of the first `size` leaves.
    public let rootHash: Hash
    /// Further non-empty lines, in order (uninterpreted here).
    public let extensions: [String]

    /// A checkpoint; refuses an empty origin, an empty extension line, and newlines or other
    /// control characters in any line, since those could not round-trip through the text form.
    public init(origin: String, size: UInt64, rootHash: Hash, extensions: [String] = []) throws {
        guard !origin.isEmpty else { throw LedgerError.malformedCheckpoint("origin is empty") }
        try Checkpoint.checkLine(origin, what: "origin")
        for (number, line) in extensions.enumerated() {
            guard !line.isEmpty else { throw LedgerError.malformedCheckpoint("extension line \(number + 1) is empty") }
            try Checkpoint.checkLine(line, what: "extension line \(number + 1)")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses checkpoint text strictly, saying which rule was broken.
    public init(text: String) throws {
        guard text.utf8.last == 0x0A else {
            throw LedgerError.malformedCheckpoint("text must end with a newline")
        }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else {
            throw LedgerError.malformedCheckpoint("needs origin, tree size and root hash lines, got \(lines.count) lines")
        }
        let size = try Checkpoint.parseSize(lines[1])
        let rootHash: Hash
        do {
            rootHash = try Hash(base64: lines[2])
        } catch let LedgerError.invalidHash(reason) {
            throw LedgerError.malformedCheckpoint("root hash: \(reason)")
        }
        try self.init(origin: lines[0], size: size, rootHash: rootHash, extensions: Array(lines[3...]))
    }

    /// The text form, ending in a newline; what gets signed.
    public var text: String {
        var text = "\(origin)\n\(size)\n\(rootHash.base64)\n"
        for line in extensions {
            text += line + "\n"
        }
        return text
    }

    /// The checkpoint as a signed note.
    public func signed(by signers: [NoteSigner]) throws -> String {
        try SignedNote.sign(text, signers: signers)
    }

    /// Opens a signed checkpoint: verifies the note with `verifiers`, parses its text and, when
    /// `expectedOrigin` is given, refuses a checkpoint of another log.
    public static func open(_ note: String, verifiers: [NoteVerifier], expectedOrigin: String? = nil) throws -> Checkpoint {
        let opened = try SignedNote.open(note, verifiers: verifiers)
        let checkpoint = try Checkpoint(text: opened.text)
        if let expectedOrigin, checkpoint.origin != expectedOrigin {
            throw LedgerError.malformedCheckpoint("origin \"\(checkpoint.origin)\" is not the expected \"\(expectedOrigin)\"")
        }
        return checkpoint
    }

    private static func parseSize(_ line: String) throws -> UInt64 {
        guard !line.isEmpty else { throw LedgerError.malformedCheckpoint("tree size line is empty") }
        guard line.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw LedgerError.malformedCheckpoint("tree size must be ASCII decimal digits")
        }
        guard line == "0" || line.utf8.first != 0x30 else {
            throw LedgerError.malformedCheckpoint("tree size has a leading zero")
        }
        guard let size = UInt64(line) else {
            throw LedgerError.malformedCheckpoint("tree size does not fit in 64 bits")
        }
        return size
    }

    private static func checkLine(_ line: String, what: String) throws {
        for scalar in line.unicodeScalars where scalar.value < 0x20 {
            throw LedgerError.malformedCheckpoint("\(what) contains control character U+\(String(format: "%04X", scalar.value))")
        }
    }
}
