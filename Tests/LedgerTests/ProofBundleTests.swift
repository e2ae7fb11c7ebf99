import Crypto
import Foundation
import Ledger
import Testing

/// Offline proof bundles: a real seven-leaf tree (root and paths from `ReferenceMerkle`, not from
/// the code under test), a checkpoint signed with a fresh key, and one bundle per leaf; then each
/// link of the chain broken in turn, each expected to fail with its own error. // SPEC X3
@Suite struct ProofBundleTests {
    static let origin = "lawtrail.test/proof"

    /// One ledger entry: its content (canonical JSON, written out by hand so that the checker is
    /// held to RFC 8785 rather than to our own encoder) and its leaf text.
    struct Entry {
        let type: String
        let content: String
        let leaf: String
    }

    static let unitID = "9e8610a4-252c-4e9b-a6f4-69a047d8fb2b"

    static let unitContent = #"{"id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b","kind":"section","name":"法制宣传科"}"#

    static let entries: [Entry] = [
        Entry(type: "unit.created", content: unitContent, leaf: ""),
        Entry(type: "officer.created",
              content: #"{"certificates":[{"issuer":"市应急管理局","number":"ZF-0001","scope":"安全生产","validFrom":"2026-01-01","validTo":"2028-12-31"}],"id":"3c1f0d0e-8a4b-4c1e-9f7a-2b6d5e4c3a21","name":"王五","unitId":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b"}"#,
              leaf: ""),
        Entry(type: "counterparty.created",
              content: #"{"address":"上海市\"浦东\"新区 1 号","id":"5b2e7c9a-1d3f-4e8b-a6c0-7f9e2d1b3c4a","identifier":"91310000MA1FL0000X","kind":"legal-person","name":"某某有限公司"}"#,
              leaf: ""),
        Entry(type: "record.ingested",
              content: #"{"count":3,"flags":[true,false,null],"nested":{"a":-1,"b":"x\ny"}}"#,
              leaf: ""),
        // No content: an event without contentSha256.
        Entry(type: "device.assigned", content: "",
              leaf: #"{"at":"2026-11-29T01:24:00Z","deviceId":"0b7c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4","officerId":"3c1f0d0e-8a4b-4c1e-9f7a-2b6d5e4c3a21","type":"device.assigned"}"#),
        // A leaf that is in the tree but not canonical (a space after a comma).
        Entry(type: "unit.created", content: unitContent,
              leaf: #"{"at":"2026-11-29T01:25:00Z","contentSha256":"\#(sha256Hex(unitContent))", "type":"unit.created","unitId":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b"}"#),
        Entry(type: "record.corrected",
              content: #"{"kind":"photo","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0}"#,
              leaf: ""),
    ].enumerated().map { index, entry in
        guard entry.leaf.isEmpty else { return entry }
        let sha = sha256Hex(entry.content)
        let at = "2026-11-29T01:2\(index):00Z"
        let leaf: String = switch entry.type {
        case "unit.created":
            #"{"at":"\#(at)","contentSha256":"\#(sha)","type":"unit.created","unitId":"\#(unitID)"}"#
        case "officer.created":
            #"{"at":"\#(at)","contentSha256":"\#(sha)","officerId":"3c1f0d0e-8a4b-4c1e-9f7a-2b6d5e4c3a21","type":"officer.created","unitId":"\#(unitID)"}"#
        case "counterparty.created":
            #"{"at":"\#(at)","contentSha256":"\#(sha)","counterpartyId":"5b2e7c9a-1d3f-4e8b-a6c0-7f9e2d1b3c4a","kind":"legal-person","type":"counterparty.created"}"#
        default:
            #"{"activityId":"6d4c3b2a-1908-4f7e-a6d5-c4b3a2918070","at":"\#(at)","contentSha256":"\#(sha)","kind":"photo","recordId":"7e5d4c3b-2a19-4e8f-b7a6-d5c4b3a29180","type":"\#(entry.type)"}"#
        }
        return Entry(type: entry.type, content: entry.content, leaf: leaf)
    }

    /// The indexes whose leaf is canonical and carries a content digest.
    static let provable = [0, 1, 2, 3, 6]

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    let signer: NoteSigner
    let leaves: [[UInt8]]
    let root: Hash
    let leafHashes: [Hash]
    let paths: [[Hash]]
    let note: String

    init() throws {
        signer = try NoteSigner.generate(name: Self.origin)
        let leaves = Self.entries.map { Array($0.leaf.utf8) }
        let reference = ReferenceMerkle(leaves: leaves)
        self.leaves = leaves
        root = reference.root(leaves.count)
        leafHashes = leaves.indices.map { reference.leafHash($0) }
        paths = leaves.indices.map { reference.path($0, leaves.count) }
        note = try Checkpoint(origin: Self.origin, size: UInt64(leaves.count), rootHash: root).signed(by: [signer])
    }

    var key: String { signer.verifierKey }

    func makeBundle(_ index: Int) -> ProofBundle {
        ProofBundle(checkpoint: note, index: UInt64(index), leaf: leaves[index], inclusionProof: paths[index],
                    content: Self.entries[index].content)
    }

    /// The error checking `bundle` gives, or nil if it passes.
    func refusal(_ bundle: ProofBundle, key: String? = nil) -> ProofBundleError? {
        do throws(ProofBundleError) {
            _ = try bundle.check(verifierKey: key ?? self.key)
            return nil
        } catch {
            return error
        }
    }

    /// The error reading and checking `data` gives, or nil if it passes.
    func refusal(_ data: Data) -> ProofBundleError? {
        do throws(ProofBundleError) {
            _ = try ProofBundle.check(data, verifierKey: key)
            return nil
        } catch {
            return error
        }
    }

    /// `makeBundle(index)` as JSON, changed by `change`.
    func file(_ index: Int, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: makeBundle(index).encoded()) as? [String: Any])
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    // MARK: Valid bundles

    @Test(arguments: provable)
    func validBundleChecks(index: Int) throws {
        let bundle = makeBundle(index)

        let result = try bundle.check(verifierKey: key)

        let entry = Self.entries[index]
        #expect(result.origin == Self.origin)
        #expect(result.treeSize == 7)
        #expect(result.checkpoint.rootHash == root)
        #expect(result.index == UInt64(index))
        #expect(result.eventType == entry.type)
        #expect(result.leafHash == leafHashes[index])
        #expect(result.contentSha256 == Self.sha256Hex(entry.content))
        #expect(result.leaf.objectValue?["contentSha256"] == .string(Self.sha256Hex(entry.content)))
        #expect(result.leaf.objectValue?["type"] == .string(entry.type))
        #expect(result.event.canonicalBytes == leaves[index])
    }

    @Test func resultCarriesParsedContentAndLeaf() throws {
        let first = try makeBundle(0).check(verifierKey: key)
        let fourth = try makeBundle(3).check(verifierKey: key)

        #expect(first.content == ["id": "9e8610a4-252c-4e9b-a6f4-69a047d8fb2b", "kind": "section", "name": "法制宣传科"])
        #expect(first.leaf == [
            "at": "2026-11-29T01:20:00Z", "contentSha256": .string(Self.sha256Hex(Self.unitContent)),
            "type": "unit.created", "unitId": .string(Self.unitID),
        ])
        #expect(fourth.content == ["count": 3, "flags": [true, false, nil], "nested": ["a": -1, "b": "x\ny"]])
    }

    @Test func contentAsValueIsWrittenCanonically() throws {
        let value: JSONValue = ["name": "法制宣传科", "kind": "section", "id": .string(Self.unitID)]

        let bundle = try ProofBundle(checkpoint: note, index: 0, leaf: leaves[0], inclusionProof: paths[0], content: value)

        #expect(bundle.content == Self.unitContent)
        #expect(refusal(bundle) == nil)
    }

    @Test func encodedFileIsSortedPrettyJSONAndRoundTrips() throws {
        let bundle = makeBundle(3)

        let data = bundle.encoded()

        let text = String(decoding: data, as: UTF8.self)
        let keys = ["checkpoint", "content", "format", "inclusionProof", "index", "leaf"]
        let positions = try keys.map { try #require(text.range(of: "\n  \"\($0)\" : ")).lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"format\" : \"lawtrail-proof-bundle/1\""))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["checkpoint"] as? String == note)
        #expect(object["index"] as? Int == 3)
        #expect(object["leaf"] as? String == Data(leaves[3]).base64EncodedString())
        #expect(object["inclusionProof"] as? [String] == paths[3].map { Data($0.bytes).base64EncodedString() })
        #expect(object["content"] as? String == Self.entries[3].content)
        #expect(try ProofBundle.decode(data) == bundle)
        #expect(ProofBundle(checkpoint: note, index: 3, leaf: leaves[3], inclusionProof: paths[3],
                                content: Self.entries[3].content).encoded() == data)
        #expect(refusal(data) == nil)
    }

    // MARK: Signature

    @Test func wrongKeyIsRefused() throws {
        let other = try NoteSigner.generate(name: Self.origin)

        let error = refusal(makeBundle(0), key: other.verifierKey)

        #expect(error == .checkpointNotSignedByKey(other.verifier.keyDescription))
    }

    @Test(arguments: [("\n7\n", "\n6\n"), ("lawtrail.test/proof\n", "lawtrail.test/other\n")])
    func tamperedNoteIsRefused(original: String, replacement: String) throws {
        var bundle = makeBundle(0)
        let range = try #require(bundle.checkpoint.range(of: original))
        bundle.checkpoint.replaceSubrange(range, with: replacement)

        let error = refusal(bundle)

        #expect(error == .invalidCheckpointSignature(signer.verifier.keyDescription))
    }

    @Test func tamperedRootIsRefused() throws {
        var bundle = makeBundle(0)
        let otherRoot = ReferenceMerkle(leaves: leaves).root(6)
        bundle.checkpoint = bundle.checkpoint.replacingOccurrences(of: root.base64, with: otherRoot.base64)

        let error = refusal(bundle)

        #expect(error == .invalidCheckpointSignature(signer.verifier.keyDescription))
    }

    @Test func unsignedOrGarbledCheckpointIsMalformed() throws {
        let unsigned = try Checkpoint(origin: Self.origin, size: 7, rootHash: root).text
        for checkpoint in [unsigned, "", note + "trailing"] {
            var bundle = makeBundle(0)
            bundle.checkpoint = checkpoint

            let error = refusal(bundle)

            guard case .malformedCheckpoint? = error else {
                Issue.record("expected malformedCheckpoint, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func checkpointOfAnotherOriginIsRefused() throws {
        let otherSigner = try NoteSigner.generate(name: "other.test/log")
        var bundle = makeBundle(0)
        bundle.checkpoint = try Checkpoint(origin: Self.origin, size: 7, rootHash: root).signed(by: [otherSigner])

        let error = refusal(bundle, key: otherSigner.verifierKey)

        #expect(error == .originMismatch(origin: Self.origin, keyName: "other.test/log"))
    }

    @Test func malformedVerifierKeyIsRefused() {
        // The right name and key under a key id that is not theirs.
        var parts = key.split(separator: "+", maxSplits: 2).map(String.init)
        parts[1] = parts[1] == "00000000" ? "00000001" : "00000000"
        for key in ["", "not a key", parts.joined(separator: "+")] {
            guard case .malformedVerifierKey? = refusal(makeBundle(0), key: key) else {
                Issue.record("key \(key.debugDescription) was not refused as malformed")
                continue
            }
        }
    }

    // MARK: Index and inclusion proof

    @Test(arguments: [UInt64(7), 8, UInt64.max])
    func indexAtOrBeyondSizeIsRefused(index: UInt64) {
        var bundle = makeBundle(0)
        bundle.index = index

        #expect(refusal(bundle) == .indexOutOfRange(index: index, treeSize: 7))
    }

    @Test func wrongIndexWithProofOfSameLengthMissesRoot() throws {
        for index in Self.provable {
            let others = (0..<7).filter { $0 != index && paths[$0].count == paths[index].count }
            for other in others {
                var bundle = makeBundle(index)
                bundle.index = UInt64(other)

                let error = refusal(bundle)

                guard case .rootMismatch(let computed, let signed)? = error else {
                    Issue.record("index \(index) claimed as \(other): expected rootMismatch, got \(String(describing: error))")
                    continue
                }
                #expect(signed == root)
                #expect(computed != root)
            }
        }
    }

    @Test func wrongIndexWithProofOfOtherLengthIsRefusedByLength() throws {
        // Size 7: index 6 has a 2-hash path, indexes 0-5 have 3.
        #expect(paths[6].count == 2 && paths[0].count == 3)
        var bundle = makeBundle(6)
        bundle.index = 0

        #expect(refusal(bundle) == .inclusionProofLength(count: 2, expected: 3))
    }

    @Test func proofTooShortOrTooLongIsRefused() {
        var short = makeBundle(0)
        short.inclusionProof.removeLast()
        var long = makeBundle(0)
        long.inclusionProof.append(root)

        #expect(refusal(short) == .inclusionProofLength(count: 2, expected: 3))
        #expect(refusal(long) == .inclusionProofLength(count: 4, expected: 3))
    }

    @Test func everyAlteredLeafByteMissesRoot() {
        for position in leaves[0].indices {
            var bundle = makeBundle(0)
            bundle.leaf[position] ^= 0x01

            let error = refusal(bundle)

            guard case .rootMismatch(_, let signed)? = error, signed == root else {
                Issue.record("leaf byte \(position) flipped: expected rootMismatch, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func everyAlteredProofHashMissesRoot() throws {
        for index in Self.provable {
            for (position, hash) in paths[index].enumerated() {
                var bytes = hash.bytes
                bytes[position % 32] ^= 0x80
                var bundle = makeBundle(index)
                bundle.inclusionProof[position] = try Hash(bytes: bytes)

                let error = refusal(bundle)

                guard case .rootMismatch? = error else {
                    Issue.record("proof hash \(position) of index \(index) altered: got \(String(describing: error))")
                    continue
                }
            }
        }
    }

    // MARK: Leaf

    @Test func nonCanonicalLeafInTheTreeIsRefused() {
        let error = refusal(makeBundle(5))

        guard case .leafNotCanonical? = error else {
            Issue.record("expected leafNotCanonical, got \(String(describing: error))")
            return
        }
    }

    @Test func leafWithoutContentDigestIsRefused() {
        #expect(refusal(makeBundle(4)) == .leafWithoutContentDigest(eventType: "device.assigned"))
    }

    // MARK: Content

    @Test(arguments: [("法制宣传科", "法制宣传处"), ("section", "sectioN"), ("9e8610a4", "9e8610a5")])
    func contentChangedByOneCharacterIsRefused(original: String, replacement: String) throws {
        var bundle = makeBundle(0)
        let range = try #require(bundle.content.range(of: original))
        bundle.content.replaceSubrange(range, with: replacement)

        let error = refusal(bundle)

        #expect(error == .contentMismatch(expected: Self.sha256Hex(Self.unitContent), actual: Self.sha256Hex(bundle.content)))
    }

    @Test func contentOfAnotherLeafIsRefused() {
        var bundle = makeBundle(0)
        bundle.content = Self.entries[1].content

        #expect(refusal(bundle) == .contentMismatch(expected: Self.sha256Hex(Self.unitContent),
                                                    actual: Self.sha256Hex(Self.entries[1].content)))
    }

    @Test(arguments: [
        #"{"id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b", "kind":"section","name":"法制宣传科"}"#,
        #" {"id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b","kind":"section","name":"法制宣传科"}"#,
        #"{"id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b","kind":"section","name":"法制宣传科"}"# + "\n",
        #"{"kind":"section","id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b","name":"法制宣传科"}"#,
        #"{"id":"9e8610a4-252c-4e9b-a6f4-69a047d8fb2b","kind":"section","name":"\u6cd5制宣传科"}"#,
    ])
    func nonCanonicalContentIsRefused(content: String) {
        var bundle = makeBundle(0)
        bundle.content = content

        #expect(refusal(bundle) == .contentNotCanonical)
    }

    @Test(arguments: ["", "not json", #"{"size":1.5}"#, #"{"a":1,"a":1}"#])
    func contentThatIsNotLedgerJSONIsRefused(content: String) {
        var bundle = makeBundle(0)
        bundle.content = content

        guard case .contentNotJSON? = refusal(bundle) else {
            Issue.record("content \(content.debugDescription) was not refused as not JSON")
            return
        }
    }

    // MARK: Format and file

    @Test func unknownFormatIsRefusedFirst() throws {
        var bundle = makeBundle(0)
        bundle.format = "lawtrail-proof-bundle/2"
        let other = try NoteSigner.generate(name: Self.origin)

        #expect(refusal(bundle) == .unknownFormat("lawtrail-proof-bundle/2"))
        #expect(refusal(bundle, key: other.verifierKey) == .unknownFormat("lawtrail-proof-bundle/2"))
    }

    @Test func unknownFormatInAFileIsRefusedBeforeItsOtherFields() throws {
        let data = Data(#"{"format":"lawtrail-proof-bundle/2","something":"else"}"#.utf8)

        #expect(refusal(data) == .unknownFormat("lawtrail-proof-bundle/2"))
    }

    @Test func malformedFilesAreRefusedNamingTheField() throws {
        let cases: [(Data, String)] = [
            (Data("not json".utf8), "JSON"),
            (Data("[]".utf8), "JSON"),
            (Data(#"{"checkpoint":"x"}"#.utf8), "format"),
            (try file(0) { $0["leaf"] = nil }, "leaf"),
            (try file(0) { $0["leaf"] = "AAA" }, "leaf"),
            (try file(0) { $0["leaf"] = "AB==" }, "leaf"),
            (try file(0) { $0["index"] = -1 }, "index"),
            (try file(0) { $0["index"] = "0" }, "index"),
            (try file(0) { $0["index"] = nil }, "缺少字段 index"),
            (try file(0) { $0["inclusionProof"] = ["AAAA", root.base64, "x"] }, "inclusionProof"),
            (try file(0) { $0["inclusionProof"] = [Data(repeating: 0, count: 31).base64EncodedString()] }, "inclusionProof"),
            (try file(0) { $0["content"] = ["id": 1] }, "content"),
        ]
        for (data, field) in cases {
            let error = refusal(data)

            guard case .malformedBundle(let reason)? = error else {
                Issue.record("\(String(decoding: data, as: UTF8.self)): expected malformedBundle, got \(String(describing: error))")
                continue
            }
            #expect(reason.contains(field), "\(reason)")
        }
    }

    @Test func checksRunInOrder() throws {
        var wrongKeyAndIndex = makeBundle(0)
        wrongKeyAndIndex.index = 9
        var indexAndContent = makeBundle(0)
        indexAndContent.index = 9
        indexAndContent.content = "x"
        var proofAndContent = makeBundle(0)
        proofAndContent.inclusionProof[0] = root
        proofAndContent.content = "x"
        var canonicalAndHash = makeBundle(0)
        canonicalAndHash.content = #"{"x": 1}"#
        let other = try NoteSigner.generate(name: Self.origin)

        #expect(refusal(wrongKeyAndIndex, key: other.verifierKey) == .checkpointNotSignedByKey(other.verifier.keyDescription))
        #expect(refusal(indexAndContent) == .indexOutOfRange(index: 9, treeSize: 7))
        guard case .rootMismatch? = refusal(proofAndContent) else {
            Issue.record("a bad proof must be reported before bad content")
            return
        }
        #expect(refusal(canonicalAndHash) == .contentNotCanonical)
    }

    // MARK: Messages

    @Test func everyRefusalIsDescribedInChinese() throws {
        let errors: [ProofBundleError] = [
            .malformedVerifierKey("x"), .malformedBundle("x"), .unknownFormat("x"), .malformedCheckpoint("x"),
            .checkpointNotSignedByKey("k"), .invalidCheckpointSignature("k"), .originMismatch(origin: "a", keyName: "b"),
            .indexOutOfRange(index: 7, treeSize: 7), .inclusionProofLength(count: 2, expected: 3),
            .rootMismatch(computed: root, signed: root), .leafNotCanonical("x"),
            .leafWithoutContentDigest(eventType: "device.assigned"), .contentNotJSON("x"), .contentNotCanonical,
            .contentMismatch(expected: "a", actual: "b"),
        ]
        for error in errors {
            #expect(error.description.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(error)")
        }
        #expect(ProofBundleError.invalidCheckpointSignature("k").description.hasPrefix("检查点签名无效"))
        #expect(ProofBundleError.rootMismatch(computed: root, signed: root).description.hasPrefix("包含证明与检查点的根哈希不符"))
        #expect(ProofBundleError.contentMismatch(expected: "a", actual: "b").description.hasPrefix("内容的SHA-256与账本记录不符"))
    }
}
