import Crypto
import Foundation
import Ledger
import Testing

/// C2SP signed notes, checked against the golden vector of the Go `golang.org/x/mod/sumdb/note`
/// package (note_test.go, TestSign/TestOpen), so that Go tooling and witnesses accept our
/// checkpoints. // SPEC X3
@Suite struct SignedNoteTests {
    static let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let enochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterSig = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochSig = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
    static var note: String { text + "\n" + peterSig }

    static var peter: NoteVerifier { try! NoteVerifier(verifierKey: verifierKey) }
    static var enoch: NoteVerifier { try! NoteVerifier(verifierKey: enochKey) }

    @Test func goldenKeysParse() throws {
        let signer = try NoteSigner(privateKeyString: Self.signerKey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xc74f20a3)
        #expect(signer.verifierKey == Self.verifierKey)
        #expect(signer.privateKeyString == Self.signerKey)
        let verifier = try NoteVerifier(verifierKey: Self.verifierKey)
        #expect(verifier.keyID == 0xc74f20a3)
        #expect(verifier.verifierKey == Self.verifierKey)
        #expect(verifier == signer.verifier)
    }

    @Test func signReproducesTheGoldenSignature() throws {
        let signer = try NoteSigner(privateKeyString: Self.signerKey)
        let signed = try SignedNote.sign(Self.text, signers: [signer])
        // Ed25519 is deterministic (RFC 8032) with swift-crypto's BoringSSL backend; Apple's
        // CryptoKit randomises signatures, so there only verification is compared.
        #if !canImport(Darwin)
        #expect(signed == Self.note)
        #expect(try signer.signatureLine(for: Self.text) == Self.peterSig)
        #endif
        let opened = try SignedNote.open(signed, verifiers: [Self.peter])
        #expect(opened.text == Self.text)
    }

    @Test func openVerifiesTheGoldenNote() throws {
        let opened = try SignedNote.open(Self.note, verifiers: [Self.peter])
        #expect(opened.text == Self.text)
        #expect(opened.signatures == [NoteSignature(name: "PeterNeumann", keyID: 0xc74f20a3,
                                                    base64: "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")])
        #expect(opened.unverifiedSignatures.isEmpty)
    }

    @Test func unknownKeysAreSetAsideButOneKnownSignatureIsNeeded() throws {
        let both = Self.text + "\n" + Self.peterSig + Self.enochSig
        let onlyPeter = try SignedNote.open(both, verifiers: [Self.peter])
        #expect(onlyPeter.signatures.map(\.name) == ["PeterNeumann"])
        #expect(onlyPeter.unverifiedSignatures.map(\.name) == ["EnochRoot"])
        let bothKnown = try SignedNote.open(both, verifiers: [Self.peter, Self.enoch])
        #expect(bothKnown.signatures.map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(throws: LedgerError.self) { try SignedNote.open(both, verifiers: []) }
        #expect(throws: LedgerError.self) { try SignedNote.open(Self.note, verifiers: [Self.enoch]) }
        // Repeated lines by one key count once.
        let repeated = try SignedNote.open(Self.text + "\n" + Self.peterSig + Self.peterSig, verifiers: [Self.peter])
        #expect(repeated.signatures.count == 1)
    }

    @Test func refusals() throws {
        let v = [Self.peter]
        let badSignature = Self.text + "\n" + Self.peterSig.prefix(60) + "ABCD" + Self.peterSig.dropFirst(60)
        let cases: [(String, String)] = [
            (Self.text, "no blank line"),
            (Self.text + "\n", "no signature lines"),
            (Self.text + "\n" + Self.peterSig.dropLast(), "signature block without final newline"),
            ("\u{01}" + Self.text + "\n" + Self.peterSig, "control character"),
            (Self.text + "\n" + "\u{2014} Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", "space in name"),
            (Self.text + "\n" + Self.peterSig + "Unexpected line.\n", "trailing garbage"),
            (Self.text + "\n" + Self.peterSig.replacingOccurrences(of: "\u{2014}", with: "-"), "ASCII dash"),
            (Self.text + "\n" + "\u{2014} PeterNeumann\n", "no signature"),
            (Self.text + "\n" + "\u{2014} PeterNeumann AAAA\n", "signature too short"),
            (Self.text + "\n" + "\u{2014} PeterNeumann x08go/ZJkuBS9UG\n", "not base64"),
            (badSignature, "bad signature"),
            (Self.note.replacingOccurrences(of: "cryptography", with: "cryptographY"), "changed text"),
            (Self.text.replacingOccurrences(of: "\n", with: "\r\n") + "\n" + Self.peterSig, "carriage returns"),
            (Self.text + "\n" + String(repeating: Self.peterSig, count: 101), "101 signatures"),
        ]
        for (note, why) in cases {
            #expect(throws: LedgerError.self, "\(why)") { try SignedNote.open(note, verifiers: v) }
        }
        #expect(throws: LedgerError.tooManySignatures(100)) {
            try SignedNote.open(Self.text + "\n" + String(repeating: Self.peterSig, count: 101), verifiers: v)
        }
        #expect(throws: LedgerError.invalidSignature("PeterNeumann+c74f20a3")) {
            try SignedNote.open(badSignature, verifiers: v)
        }
        #expect(throws: LedgerError.ambiguousKey("PeterNeumann+c74f20a3")) {
            try SignedNote.open(Self.note, verifiers: [Self.peter, Self.peter])
        }
        // 100 repeated lines are fine.
        #expect(try SignedNote.open(Self.text + "\n" + String(repeating: Self.peterSig, count: 100), verifiers: v).signatures.count == 1)
    }

    @Test func signRefusesTextWithoutFinalNewline() throws {
        let signer = try NoteSigner(privateKeyString: Self.signerKey)
        #expect(throws: LedgerError.self) { try SignedNote.sign("abc", signers: [signer]) }
        #expect(throws: LedgerError.self) { try SignedNote.sign("a\u{07}\n", signers: [signer]) }
        #expect(throws: LedgerError.self) { try SignedNote.sign("abc\n", signers: []) }
    }

    /// Every proper substring and every one-byte change of the keys is refused (as in Go's
    /// TestNewVerifier / TestNewSigner).
    @Test func mangledKeysAreRefused() throws {
        for key in [Self.verifierKey, Self.signerKey] {
            let bytes = Array(key.utf8)
            let parse: (String) throws -> Void = key == Self.verifierKey
                ? { _ = try NoteVerifier(verifierKey: $0) }
                : { _ = try NoteSigner(privateKeyString: $0) }
            for i in 0...bytes.count {
                for j in (i + 1)..<(bytes.count + 1) where !(i == 0 && j == bytes.count) {
                    let piece = String(decoding: bytes[i..<j], as: UTF8.self)
                    #expect(throws: LedgerError.self, "\(piece)") { try parse(piece) }
                }
            }
            for i in 0..<bytes.count {
                var changed = bytes
                changed[i] &+= 1
                let text = String(decoding: changed, as: UTF8.self)
                #expect(throws: LedgerError.self, "\(text)") { try parse(text) }
            }
        }
        // Wrong key length and unknown algorithm, each with a matching key id (from Go's tests).
        #expect(throws: LedgerError.self) {
            try NoteVerifier(verifierKey: "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
        }
        #expect(throws: LedgerError.self) {
            try NoteVerifier(verifierKey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test func generatedKeysRoundTrip() throws {
        let signer = try NoteSigner.generate(name: "lawtrail.local/test-host")
        let again = try NoteSigner(privateKeyString: signer.privateKeyString)
        #expect(again.verifierKey == signer.verifierKey)
        #expect(again.keyID == signer.keyID)
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        let note = try SignedNote.sign("hello\n", signers: [again])
        #expect(try SignedNote.open(note, verifiers: [verifier]).text == "hello\n")
        // Key names: no spaces, no '+', not empty.
        for bad in ["", "a b", "a+b", "tab\there"] {
            #expect(throws: LedgerError.self) { try NoteSigner.generate(name: bad) }
        }
        // The key id is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0..<4].
        let digest = Array(SHA256.hash(data: Array(signer.name.utf8) + [0x0A, 0x01] + Array(signer.publicKey.rawRepresentation)))
        #expect(signer.keyID == UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3]))
    }
}
