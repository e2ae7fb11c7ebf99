import Foundation
import Ledger
import Testing

/// C2SP tlog-checkpoint text and its signed-note form. // SPEC X3
@Suite struct CheckpointTests {
    let root = try! Hash(hex: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")

    @Test func textAndParseRoundTrip() throws {
        let checkpoint = try Checkpoint(origin: "lawtrail.local/host", size: 8, rootHash: root)
        #expect(checkpoint.text == "lawtrail.local/host\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        let withExtensions = try Checkpoint(origin: "o", size: 0, rootHash: MerkleHash.emptyRoot, extensions: ["a b", "c"])
        #expect(withExtensions.text == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na b\nc\n")
        #expect(try Checkpoint(text: withExtensions.text) == withExtensions)
        let big = try Checkpoint(origin: "o", size: UInt64.max, rootHash: root)
        #expect(try Checkpoint(text: big.text).size == UInt64.max)
    }

    @Test func parseRefusals() {
        let b64 = root.base64
        let cases: [(String, String)] = [
            ("o\n8\n\(b64)", "no final newline"),
            ("o\n8\n", "missing root line"),
            ("\n8\n\(b64)\n", "empty origin"),
            ("o\n\n\(b64)\n", "empty size"),
            ("o\n08\n\(b64)\n", "leading zero"),
            ("o\n00\n\(b64)\n", "leading zero on zero"),
            ("o\n+8\n\(b64)\n", "sign"),
            ("o\n8 \n\(b64)\n", "trailing space in size"),
            ("o\n0x8\n\(b64)\n", "hex size"),
            ("o\n18446744073709551616\n\(b64)\n", "size beyond 64 bits"),
            ("o\n8\n\(root.hex)\n", "hex root"),
            ("o\n8\n\(b64.dropLast())\n", "unpadded root"),
            ("o\n8\nAAAA\n", "3-byte root"),
            ("o\n8\n\(b64)\n\n", "empty extension line"),
            ("o\r\n8\n\(b64)\n", "carriage return"),
        ]
        for (text, why) in cases {
            #expect(throws: LedgerError.self, "\(why)") { try Checkpoint(text: text) }
        }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "", size: 1, rootHash: root) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "a\nb", size: 1, rootHash: root) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "o", size: 1, rootHash: root, extensions: [""]) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "o", size: 1, rootHash: root, extensions: ["x\ny"]) }
    }

    @Test func signedCheckpointOpens() throws {
        let signer = try NoteSigner.generate(name: "lawtrail.local/host")
        let checkpoint = try Checkpoint(origin: signer.name, size: 8, rootHash: root)
        let note = try checkpoint.signed(by: [signer])
        #expect(note.hasPrefix(checkpoint.text + "\n\u{2014} lawtrail.local/host "))
        #expect(try Checkpoint.open(note, verifiers: [signer.verifier]) == checkpoint)
        #expect(try Checkpoint.open(note, verifiers: [signer.verifier], expectedOrigin: "lawtrail.local/host") == checkpoint)
        #expect(throws: LedgerError.self) {
            try Checkpoint.open(note, verifiers: [signer.verifier], expectedOrigin: "other.example/log")
        }
        let other = try NoteSigner.generate(name: "lawtrail.local/host")
        #expect(throws: LedgerError.self) { try Checkpoint.open(note, verifiers: [other.verifier]) }
        let tampered = note.replacingOccurrences(of: "\n8\n", with: "\n9\n")
        #expect(throws: LedgerError.self) { try Checkpoint.open(tampered, verifiers: [signer.verifier]) }
    }
}
