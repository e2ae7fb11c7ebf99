import Ledger
import Persistence
import Vapor

/// Public verification (ARCHITECTURE "The ledger" → Public HTTP). No sign-in: the whole ledger
/// is public by design (leaves carry ids and digests, never personal data).
struct LedgerController: RouteCollection {
    struct EntryBody: Content {
        let index: UInt64
        let leaf: String
        let leafHash: String
        let type: String
    }

    struct InclusionBody: Content {
        let index: UInt64
        let treeSize: UInt64
        let hashes: [String]
    }

    struct ConsistencyBody: Content {
        let from: UInt64
        let to: UInt64
        let hashes: [String]
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.ledgerCheckpoint.components, use: checkpoint)
        routes.get(SiteURL.ledgerKey.components, use: key)
        routes.get(SiteURL.ledgerEntry(":index").components, use: entry)
        routes.get(SiteURL.ledgerInclusionProof.components, use: inclusion)
        routes.get(SiteURL.ledgerConsistencyProof.components, use: consistency)
    }

    @Sendable
    func checkpoint(req: Request) async throws -> Response {
        let latest = try await req.ledger.latestCheckpoint(on: req.db)
        let response = Response(status: .ok, body: .init(string: latest.note))
        response.headers.contentType = .plainText
        response.headers.cacheControl = .init(noCache: true)
        return response
    }

    @Sendable
    func key(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: req.ledger.signer.verifierKey + "\n"))
        response.headers.contentType = .plainText
        response.headers.cacheControl = .init(maxAge: 300)
        return response
    }

    @Sendable
    func entry(req: Request) async throws -> Response {
        let index = try Self.number(req.parameters.get("index"), name: "index")
        guard let row = try await LedgerReader(database: req.db).entry(index) else {
            throw Problem.notFound("账本中没有序号为 \(index) 的记录。")
        }
        let body = EntryBody(index: row.index, leaf: row.leaf.base64EncodedString(), leafHash: row.leafHash.hex, type: row.eventType)
        return try await Self.immutable(body, for: req)
    }

    @Sendable
    func inclusion(req: Request) async throws -> Response {
        let index = try Self.number(req.query[String.self, at: "index"], name: "index")
        let size = try Self.number(req.query[String.self, at: "size"], name: "size")
        let reader = LedgerReader(database: req.db)
        try await Self.requireWithinTree(size, req: req)
        guard index < size else {
            throw Problem.badRequest("index-out-of-range", "序号 index=\(index) 必须小于树的大小 size=\(size)。")
        }
        let proof = try await MerkleProofs.inclusionProof(index: index, size: size, source: reader)
        return try await Self.immutable(InclusionBody(index: index, treeSize: size, hashes: proof.map(\.base64)), for: req)
    }

    @Sendable
    func consistency(req: Request) async throws -> Response {
        let from = try Self.number(req.query[String.self, at: "from"], name: "from")
        let to = try Self.number(req.query[String.self, at: "to"], name: "to")
        let reader = LedgerReader(database: req.db)
        try await Self.requireWithinTree(to, req: req)
        guard from >= 1, from <= to else {
            throw Problem.badRequest("invalid-range", "须满足 1 ≤ from ≤ to，实为 from=\(from)、to=\(to)。")
        }
        let proof = try await MerkleProofs.consistencyProof(from: from, to: to, source: reader)
        return try await Self.immutable(ConsistencyBody(from: from, to: to, hashes: proof.map(\.base64)), for: req)
    }

    /// A strict non-negative decimal: no sign, no spaces, no leading zeros.
    static func number(_ text: String?, name: String) throws -> UInt64 {
        guard let text, !text.isEmpty else {
            throw Problem.badRequest("missing-parameter", "缺少参数 \(name)。", errors: [name: "必填"])
        }
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text == "0" || !text.hasPrefix("0"),
              let value = UInt64(text), value <= UInt64(Int64.max) else {
            throw Problem.badRequest("malformed-parameter", "参数 \(name) 应为非负整数，实为“\(text)”。", errors: [name: "应为非负整数"])
        }
        return value
    }

    /// A size beyond the current tree is refused (4xx), never answered with a guess or a 500.
    static func requireWithinTree(_ size: UInt64, req: Request) async throws {
        let (ok, current) = try await req.ledger.current(size: size, on: req.db)
        guard size >= 1, ok else {
            throw Problem.badRequest("size-out-of-range", "树的大小须在 1 到当前大小 \(current) 之间，实为 \(size)。")
        }
    }

    /// Entries and proofs for a fixed size never change: cache them for a year.
    static func immutable(_ body: some Content, for req: Request) async throws -> Response {
        let response = try await body.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}

extension Request {
    var ledger: LedgerService { application.lawTrail.ledger }
}
