import AsyncHTTPClient
import Foundation
import Ledger
import NIOCore
import NIOHTTP1

/// Proves that a ledger restored from a backup is a prefix of the live ledger (issue 17 item 3):
/// the live server's signed checkpoint, checked with the backup's verifier keys, and an RFC 9162
/// consistency proof from the restored size and root to the live size and root, fetched from the
/// live server's public endpoint `GET /ledger/proof/consistency?from=M&to=N` and checked here.
/// Nothing the live server says is trusted without its signature or the proof. // SPEC X3
public enum LedgerPrefixProof {
    public struct Outcome: Sendable, Equatable {
        public let restoredSize: UInt64
        public let liveSize: UInt64
        public let liveRoot: Hash
        /// The consistency proof's hashes (empty when the sizes are equal or the restored ledger is empty).
        public let proofLength: Int
    }

    /// Checks offline: `liveNote` is signed by one of `verifiers` and the proof takes `restored` to it.
    public static func check(
        restored: LedgerState, liveNote: String, proof: [Hash], verifiers: [NoteVerifier]
    ) throws -> Outcome {
        let live = try Checkpoint.open(liveNote, verifiers: verifiers)
        guard live.size >= restored.size else {
            throw PrefixProofError.liveSmaller(restored: restored.size, live: live.size)
        }
        if restored.size == live.size {
            guard restored.root == live.rootHash else { throw PrefixProofError.forked(size: live.size) }
        } else if restored.size > 0 {
            do {
                try MerkleVerifier.checkConsistency(
                    from: restored.size, to: live.size, proof: proof, oldRoot: restored.root, newRoot: live.rootHash)
            } catch {
                throw PrefixProofError.proofRejected("\(error)")
            }
        }
        return Outcome(restoredSize: restored.size, liveSize: live.size, liveRoot: live.rootHash, proofLength: proof.count)
    }

    /// Fetches the live checkpoint and the consistency proof from `baseURL` (`https://host`), then `check`s.
    public static func prove(
        restored: LedgerState, liveBaseURL: String, verifiers: [NoteVerifier], client: HTTPClient = .shared
    ) async throws -> Outcome {
        let base = liveBaseURL.hasSuffix("/") ? String(liveBaseURL.dropLast()) : liveBaseURL
        let note = String(decoding: try await get(base + "/ledger/checkpoint", client: client), as: UTF8.self)
        let live = try Checkpoint.open(note, verifiers: verifiers)
        var proof: [Hash] = []
        if restored.size > 0, live.size > restored.size {
            let body = try await get(base + "/ledger/proof/consistency?from=\(restored.size)&to=\(live.size)", client: client)
            struct Answer: Decodable { let from: UInt64; let to: UInt64; let hashes: [String] }
            let answer = try JSONDecoder().decode(Answer.self, from: body)
            guard answer.from == restored.size, answer.to == live.size else {
                throw PrefixProofError.proofRejected("the server answered a proof for \(answer.from)…\(answer.to)")
            }
            proof = try answer.hashes.map { try Hash(base64: $0) }
        }
        return try check(restored: restored, liveNote: note, proof: proof, verifiers: verifiers)
    }

    static func get(_ url: String, client: HTTPClient) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response = try await client.execute(request, timeout: .seconds(30))
        var body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw PrefixProofError.http(url: url, status: Int(response.status.code))
        }
        return Data(body.readBytes(length: body.readableBytes) ?? [])
    }
}

public enum PrefixProofError: Error, CustomStringConvertible, Equatable {
    case liveSmaller(restored: UInt64, live: UInt64)
    case forked(size: UInt64)
    case proofRejected(String)
    case http(url: String, status: Int)

    public var description: String {
        switch self {
        case .liveSmaller(let restored, let live): "the live ledger (size \(live)) is smaller than the restored one (size \(restored)): they are not the same log"
        case .forked(let size): "the live ledger has size \(size) like the restored one but another root: the logs forked"
        case .proofRejected(let why): "the consistency proof does not hold: \(why)"
        case .http(let url, let status): "\(url) answered HTTP \(status)"
        }
    }
}
