import Foundation

/// Why a proof bundle was refused, one case per check of `ProofBundle.check`, in the order the
/// checks run.
///
/// The bundle is checked by whoever holds it — a counterparty, a court, a journalist — with no
/// server to ask (SPEC X3), so each refusal has to say by itself which link of the chain broke:
/// the key, the signature, the proof, the leaf or the content. Match the case in code and tests;
/// `description` is the one-line Simplified Chinese reason printed by `lawtrail proof check`.
/// Where the `Ledger` module gave a technical reason, it follows in parentheses.
public enum ProofBundleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The verifier key given to the checker is not `<name>+<key id>+<base64 key>`.
    case malformedVerifierKey(String)
    /// The bundle file is not JSON of the bundle's shape (a field missing, of the wrong type, or
    /// not canonical base64).
    case malformedBundle(String)
    /// `format` names a bundle format this checker does not know.
    case unknownFormat(String)
    /// The checkpoint is not a well-formed signed note carrying a tlog-checkpoint.
    case malformedCheckpoint(String)
    /// The checkpoint carries no signature by the given key (`name+keyid`); signed by another.
    case checkpointNotSignedByKey(String)
    /// The given key (`name+keyid`) signed the note, but the signature does not match its text:
    /// the checkpoint was altered after signing.
    case invalidCheckpointSignature(String)
    /// The checkpoint names another log than the key: the ledger's key name is its origin
    /// (docs/ledger-format.md "Checkpoints").
    case originMismatch(origin: String, keyName: String)
    /// The leaf index is not below the checkpoint's tree size.
    case indexOutOfRange(index: UInt64, treeSize: UInt64)
    /// The inclusion proof has the wrong number of hashes for this index and tree size.
    case inclusionProofLength(count: Int, expected: Int)
    /// Leaf hash and inclusion proof lead to another root than the signed one.
    case rootMismatch(computed: Hash, signed: Hash)
    /// The leaf is not the RFC 8785 canonical JSON of a valid ledger event.
    case leafNotCanonical(String)
    /// The leaf's event has no string member `contentSha256`, so it vouches for no content.
    case leafWithoutContentDigest(eventType: String)
    /// `content` is not JSON a ledger may hash (see `CanonicalJSON.decode`).
    case contentNotJSON(String)
    /// `content` is JSON but not its own RFC 8785 canonical form, so its SHA-256 would not be the
    /// one the ledger records even for the same data.
    case contentNotCanonical
    /// SHA-256 of `content` (`actual`) differs from the leaf's `contentSha256` (`expected`).
    case contentMismatch(expected: String, actual: String)

    public var description: String {
        switch self {
        case .malformedVerifierKey(let reason):
            "验证密钥格式错误（\(reason)）"
        case .malformedBundle(let reason):
            "证明包格式错误：\(reason)"
        case .unknownFormat(let format):
            "不支持的证明包格式“\(format)”（本程序支持 \(ProofBundle.currentFormat)）"
        case .malformedCheckpoint(let reason):
            "检查点格式错误（\(reason)）"
        case .checkpointNotSignedByKey(let key):
            "检查点没有验证密钥 \(key) 的签名"
        case .invalidCheckpointSignature(let key):
            "检查点签名无效（密钥 \(key)）：检查点在签名后被改动过"
        case .originMismatch(let origin, let keyName):
            "检查点所属账本“\(origin)”与验证密钥的名称“\(keyName)”不符"
        case .indexOutOfRange(let index, let treeSize):
            "条目序号 \(index) 超出检查点的树大小 \(treeSize)"
        case .inclusionProofLength(let count, let expected):
            "包含证明应有 \(expected) 个哈希，实际为 \(count) 个"
        case .rootMismatch(let computed, let signed):
            "包含证明与检查点的根哈希不符（算得 \(computed.hex)，检查点为 \(signed.hex)）"
        case .leafNotCanonical(let reason):
            "账本条目不是规范的事件 JSON（\(reason)）"
        case .leafWithoutContentDigest(let eventType):
            "账本条目（\(eventType)）没有 contentSha256 字段，不对应任何内容"
        case .contentNotJSON(let reason):
            "内容不是有效的 JSON（\(reason)）"
        case .contentNotCanonical:
            "内容不是 RFC 8785 规范 JSON（多余的空白、键的顺序或转义方式不同），其哈希无法与账本比对"
        case .contentMismatch(let expected, let actual):
            "内容的SHA-256与账本记录不符（内容为 \(actual)，账本记录为 \(expected)）"
        }
    }
}
