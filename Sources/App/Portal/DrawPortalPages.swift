import Domain
import Ledger
import Persistence
import Services
import Vapor

/// The public side of the verifiable draws (SPEC P7.3; issue 15 item 1; docs/double-random.md):
/// every draw from the moment it is committed — so anyone can see the pools were fixed before the
/// secrets were revealed — and, per draw, the data `lawtrail draw verify` and
/// `scripts/draw-verify.py` recompute it from: the committed specification's exact bytes, the
/// reveals, the outside value and the outcome, each with its ledger entry.
struct DrawPortalPages: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(URLs.draws.components, use: list)
        routes.get(URLs.draw.components, use: show)
        routes.get(URLs.drawData.components, use: data)
    }

    static let pageSize = 20

    struct ListPage: Content {
        struct Row: Content {
            let url: String
            let title: String
            let purpose: String
            let committed: String
            let state: String
        }
        let bureauName: String
        let todayChinese: String
        let rows: [Row]
        let previousURL: String?
        let nextURL: String?
    }

    @Sendable
    func list(req: Request) async throws -> View {
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let queries = DrawQueries(database: req.db)
        let (items, total) = try await queries.draws(purpose: nil, search: nil, offset: (page - 1) * Self.pageSize, limit: Self.pageSize)
        let completed = try await queries.completed(items.compactMap(\.id))
        let services = req.application.lawTrail
        return try await req.view.render("draws", ListPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese,
            rows: items.map { model in
                .init(url: URLs.draw.path(model.id!), title: model.title,
                      purpose: DrawPurpose(rawValue: model.purpose)?.chineseName ?? model.purpose,
                      committed: ShanghaiTime.chinese(model.committedAt),
                      state: completed.contains(model.id!) ? "已抽取" : "已承诺，待抽取")
            },
            previousURL: page > 1 ? URLs.draws.url + "?page=\(page - 1)" : nil,
            nextURL: page * Self.pageSize < total ? URLs.draws.url + "?page=\(page + 1)" : nil))
    }

    struct DrawPage: Content {
        struct Entry: Content {
            let position: Int?
            let key: String
            let label: String
            let assigned: String?
        }
        struct Pool: Content {
            let name: String
            let count: Int
            let entries: [Entry]
        }
        struct Party: Content {
            let name: String
            let digest: String
            let secret: String?
        }
        let bureauName: String
        let todayChinese: String
        let title: String
        let purpose: String
        let algorithm: String
        let commitment: String
        let committed: String
        let committedEntryURL: String
        let parties: [Party]
        let publicValueSource: String?
        let publicValue: String?
        let completed: Bool
        let seed: String?
        let completedEntryURL: String?
        let drawn: [Entry]
        let pools: [Pool]
        let exclusions: Int
        let dataURL: String
    }

    @Sendable
    func show(req: Request) async throws -> View {
        let draw = try await Self.draw(req)
        let specification = draw.specification
        let outcome = try await DrawService(context: req.serviceContext).outcome(drawID: draw.id)
        let revealed = Dictionary(draw.reveals.map { ($0.party, $0.secret) }, uniquingKeysWith: { first, _ in first })
        let drawn = (outcome?.drawn(in: specification) ?? []).map { row in
            DrawPage.Entry(position: row.position, key: row.entry.key, label: row.entry.label,
                           assigned: row.assigned.isEmpty ? nil : row.assigned.map(\.label).joined(separator: "、"))
        }
        let services = req.application.lawTrail
        return try await req.view.render("draw", DrawPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, title: specification.title,
            purpose: specification.purpose.chineseName, algorithm: VerifiableDraw.algorithm, commitment: draw.model.commitment,
            committed: ShanghaiTime.chinese(draw.model.committedAt), committedEntryURL: URLs.ledgerEntry.path(String(draw.model.ledgerIndex)),
            parties: specification.parties.map { .init(name: $0.party, digest: $0.secretSHA256, secret: revealed[$0.party]) },
            publicValueSource: specification.publicValueSource, publicValue: draw.result?.publicValue, completed: draw.result != nil,
            seed: draw.result?.seed, completedEntryURL: draw.result.map { URLs.ledgerEntry.path(String($0.ledgerIndex)) },
            drawn: drawn,
            pools: specification.pools.map { pool in
                .init(name: DrawPagesController.poolName(pool.name), count: pool.count,
                      entries: pool.orderedEntries.map { .init(position: nil, key: $0.key, label: $0.label, assigned: nil) })
            },
            exclusions: specification.assignments.reduce(0) { $0 + $1.exclusions.count },
            dataURL: URLs.drawData.path(draw.id)))
    }

    /// The recomputation data: `specification` is the committed bytes themselves (as JSON), so its
    /// SHA-256 is the commitment on the ledger; the rest says where each step is on the ledger.
    @Sendable
    func data(req: Request) async throws -> Response {
        let draw = try await Self.draw(req)
        let specification = try CanonicalJSON.decode(Array(draw.model.specification.utf8))
        var body: [String: JSONValue] = [
            "drawId": .string(draw.id.uuidString.lowercased()),
            "algorithm": .string(VerifiableDraw.algorithm),
            "specification": specification,
            "commitment": .string(draw.model.commitment),
            "committedLedgerIndex": .integer(draw.model.ledgerIndex),
            "reveals": .array(Self.revealEntries(draw)),
        ]
        if let result = draw.result {
            body["publicValue"] = .string(result.publicValue ?? "")
            body["outcome"] = try CanonicalJSON.decode(Array(result.outcome.utf8))
            body["completedLedgerIndex"] = .integer(result.ledgerIndex)
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        // A draw changes until it is run; after that, never.
        headers.cacheControl = draw.result == nil ? .init(noCache: true) : .init(immutable: true, maxAge: 86_400)
        return Response(status: .ok, headers: headers, body: .init(data: Data(try CanonicalJSON.encode(.object(body)))))
    }

    /// Each reveal, in the committed party order, with the ledger index of its `draw.revealed` entry.
    static func revealEntries(_ draw: DrawQueries.Draw) -> [JSONValue] {
        draw.specification.parties.compactMap { party -> JSONValue? in
            guard let reveal = draw.reveals.first(where: { $0.party == party.party }) else { return nil }
            return ["party": .string(party.party), "secret": .string(reveal.secret), "ledgerIndex": .integer(reveal.ledgerIndex)]
        }
    }

    static func draw(_ req: Request) async throws -> DrawQueries.Draw {
        guard let id = UUID(uuidString: req.parameters.get("id") ?? ""),
              let draw = try await DrawQueries(database: req.db).draw(id) else {
            throw Problem.notFound("该随机抽取不存在。")
        }
        return draw
    }
}
