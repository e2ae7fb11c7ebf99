import Foundation

/// Everything needed to show, with no server and no database, that one piece of content is in
/// the ledger: a signed checkpoint, the leaf, its inclusion proof and the content whose SHA-256
/// the leaf records. // SPEC X3 ("anyone can verify offline"); P9 (a correction or withdrawal is
/// proven the same way, by its own leaf).
///
/// The server fills one from its store and serves `encoded()`; `lawtrail proof check` reads it
/// with `decode(_:)` and checks it with `check(verifier:)`. JSON form:
/// ```
/// {
///   "checkpoint" : "<signed note, as served by GET /ledger/checkpoint>",
///   "content" : "<canonical JSON text whose SHA-256 hex is the leaf's contentSha256>",
///   "format" : "lawtrail-proof-bundle/1",
///   "inclusionProof" : ["<base64 32-byte hash>", … bottom first, RFC 9162 PATH],
///   "index" : 123,
///   "leaf" : "<base64 of the leaf bytes>"
/// }
/// ```
/// The leaf travels as base64 rather than as JSON so that its exact bytes — which the leaf hash
/// covers — survive any JSON tool; the content travels as text because it is what a person reads.
/// Base64 must be canonical (as in checkpoints, `StrictBase64`), so one bundle has one spelling.
public struct ProofBundle: Hashable, Sendable {
    /// The format this code writes and checks.
    public static let currentFormat = "lawtrail-proof-bundle/1"

    /// Names the bundle's layout; checked first, so that a later format is refused by name
    /// rather than by whatever field it changed.
    public var format: String
    /// The signed checkpoint note (C2SP signed note over a tlog-checkpoint), verbatim.
    public var checkpoint: String
    /// The leaf's index in the ledger (0-based, as in `GET /ledger/entries/{index}`).
    public var index: UInt64
    /// The exact leaf bytes: the RFC 8785 canonical JSON of the event.
    public var leaf: [UInt8]
    /// RFC 9162 PATH(index, D[size]) for the checkpoint's size, bottom first.
    public var inclusionProof: [Hash]
    /// The canonical JSON text of the content the leaf's `contentSha256` is the digest of.
    public var content: String

    /// A bundle from its parts; `format` is the current one unless a test needs another.
    public init(checkpoint: String, index: UInt64, leaf: [UInt8], inclusionProof: [Hash], content: String,
                format: String = ProofBundle.currentFormat) {
        self.format = format
        self.checkpoint = checkpoint
        self.index = index
        self.leaf = leaf
        self.inclusionProof = inclusionProof
        self.content = content
    }

    /// A bundle whose content is given as a value (for example `Record.canonicalContent`); it is
    /// written in RFC 8785 form, the form the leaf's `contentSha256` was computed over.
    public init(checkpoint: String, index: UInt64, leaf: [UInt8], inclusionProof: [Hash], content: JSONValue) throws {
        let text = String(decoding: try CanonicalJSON.encode(content), as: UTF8.self)
        self.init(checkpoint: checkpoint, index: index, leaf: leaf, inclusionProof: inclusionProof, content: text)
    }

    /// The bundle file: pretty-printed JSON with sorted keys and a final newline, so that a person
    /// can read it and two bundles of the same proof are byte-identical.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Only strings, an integer and arrays of strings: encoding cannot fail.
        return try! encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a bundle file. Reads `format` first and refuses an unknown one by name
    /// (`unknownFormat`) before looking at any other field; anything else wrong is
    /// `malformedBundle`, naming the field.
    public static func decode(_ data: Data) throws(ProofBundleError) -> ProofBundle {
        let decoder = JSONDecoder()
        do {
            let probe = try decoder.decode(FormatProbe.self, from: data)
            guard probe.format == currentFormat else { throw ProofBundleError.unknownFormat(probe.format) }
            return try decoder.decode(ProofBundle.self, from: data)
        } catch let error as ProofBundleError {
            throw error
        } catch let error as DecodingError {
            throw .malformedBundle(Self.reason(error))
        } catch {
            throw .malformedBundle("无法读取（\(error)）")
        }
    }

    private struct FormatProbe: Decodable {
        let format: String
    }

    /// A Chinese reason for a decoding failure, naming the field by its JSON path.
    private static func reason(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let position = key.intValue {
                    text += "[\(position)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "缺少字段 \(path(context.codingPath + [key]))"
        case .valueNotFound(_, let context), .typeMismatch(_, let context):
            if context.codingPath.isEmpty { return "不是 JSON 对象" }
            return "字段 \(path(context.codingPath)) 的类型不对"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "不是有效的 JSON 对象" }
            return "字段 \(path(context.codingPath))：\(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension ProofBundle: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, checkpoint, index, leaf, inclusionProof, content
    }

    /// Decodes the fields and their encodings (canonical base64, 32-byte hashes); whether the
    /// format is known and the proof holds is `check`'s business, not decoding's.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        checkpoint = try container.decode(String.self, forKey: .checkpoint)
        do {
            index = try container.decode(UInt64.self, forKey: .index)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw DecodingError.keyNotFound(key, context)
        } catch {
            // Foundation reports a negative number as invalid JSON with no field named.
            throw DecodingError.dataCorruptedError(forKey: .index, in: container, debugDescription: "应为非负整数")
        }
        guard let leaf = StrictBase64.decode(try container.decode(String.self, forKey: .leaf)) else {
            throw DecodingError.dataCorruptedError(forKey: .leaf, in: container, debugDescription: "不是标准 base64")
        }
        self.leaf = leaf
        let proof = try container.decode([String].self, forKey: .inclusionProof)
        inclusionProof = try proof.enumerated().map { position, text in
            guard let hash = try? Hash(base64: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .inclusionProof, in: container,
                    debugDescription: "第 \(position) 项不是 32 字节哈希的标准 base64")
            }
            return hash
        }
        content = try container.decode(String.self, forKey: .content)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(index, forKey: .index)
        try container.encode(StrictBase64.encode(leaf), forKey: .leaf)
        try container.encode(inclusionProof.map(\.base64), forKey: .inclusionProof)
        try container.encode(content, forKey: .content)
    }
}
