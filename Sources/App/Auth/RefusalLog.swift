import Domain
import Persistence
import Vapor

/// `access_refusals`: every refusal kept (SPEC X5), without letting anonymous floods turn each
/// refused request into a database insert (issue 12 items 7 and 11).
///
/// - A signed-in person's refusal is always stored: it names who tried what.
/// - Anonymous refusals are stored up to `perClientPerMinute` per client address; beyond that they
///   are counted, and the count is written with the client's next stored refusal, so the log still
///   says how many there were without costing a write each.
enum RefusalLog {
    struct LoggedKey: StorageKey { typealias Value = Bool }

    static func record(_ request: Request, userID: UUID?, reason: String) async throws {
        request.storage[LoggedKey.self] = true
        request.logger.notice("refused \(request.method) \(request.url.path): \(reason)")
        var reason = reason
        if userID == nil {
            switch request.application.anonymousRefusals.admit(client: request.clientAddress ?? "unknown", at: request.application.lawTrail.now) {
            case .suppressed:
                return
            case .admitted(let suppressedBefore) where suppressedBefore > 0:
                reason += "（此前另有 \(suppressedBefore) 次同一来源的拒绝未逐条记录）"
            case .admitted:
                break
            }
        }
        try await AccessRefusalModel(
            userID: userID, method: request.method.rawValue, path: String(request.url.path.prefix(500)),
            reason: String(reason.prefix(500)), clientAddress: request.clientAddress
        ).create(on: request.db)
    }

    static func wasRecorded(_ request: Request) -> Bool {
        request.storage[LoggedKey.self] == true
    }
}

/// Per-client counting of anonymous refusals in fixed one-minute windows.
final class AnonymousRefusalThrottle: @unchecked Sendable {  // `clients` is guarded by `lock`
    enum Admission: Equatable {
        /// Store it; `suppressedBefore` refusals from this client were only counted.
        case admitted(suppressedBefore: Int)
        case suppressed
    }

    let perClientPerMinute: Int
    /// Beyond this many distinct clients in a minute the table starts afresh, bounding memory.
    let maxClients: Int
    private let lock = NSLock()
    private var clients: [String: (window: Int64, stored: Int, suppressed: Int)] = [:]

    init(perClientPerMinute: Int = 30, maxClients: Int = 10_000) {
        self.perClientPerMinute = perClientPerMinute
        self.maxClients = maxClients
    }

    func admit(client: String, at now: Date) -> Admission {
        let window = Int64(now.timeIntervalSince1970 / 60)
        return lock.withLock {
            if clients.count >= maxClients, clients[client] == nil { clients.removeAll(keepingCapacity: true) }
            var entry = clients[client] ?? (window, 0, 0)
            if entry.window != window { entry = (window, 0, entry.suppressed) }
            defer { clients[client] = entry }
            guard entry.stored < perClientPerMinute else {
                entry.suppressed += 1
                return .suppressed
            }
            entry.stored += 1
            let before = entry.suppressed
            entry.suppressed = 0
            return .admitted(suppressedBefore: before)
        }
    }
}

extension Application {
    private struct AnonymousRefusalsKey: StorageKey { typealias Value = AnonymousRefusalThrottle }

    var anonymousRefusals: AnonymousRefusalThrottle {
        get { configured(AnonymousRefusalsKey.self) }
        set { storage[AnonymousRefusalsKey.self] = newValue }
    }
}

/// Stores a 403 that nothing logged on its way out (issue 12 item 11): a workflow refusal a page
/// re-rendered, or a problem thrown past the guards, is kept like the guards' own.
struct ForbiddenResponseLog: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if response.status == .forbidden, !RefusalLog.wasRecorded(request) {
            let reason = request.storage[ProblemMiddleware.ProblemKey.self].map { "\($0.type): \($0.detail)" } ?? "forbidden"
            try await RefusalLog.record(request, userID: request.auth.get(AuthenticatedUser.self)?.id, reason: reason)
        }
        return response
    }
}
