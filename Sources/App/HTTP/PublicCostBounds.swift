import Vapor

/// Bounds on what one anonymous request can make the server do (issue 12 item 7).
///
/// `WorkSlots`: at most `limit` pieces of costly work run at once (a full-text search, an export
/// being generated, a password check); one more is refused at once rather than queued, so a burst
/// cannot stall the pages everyone else reads.
final class WorkSlots: @unchecked Sendable {  // `busy` is guarded by `lock`
    let limit: Int
    private let refusal: @Sendable () -> any Error
    private let lock = NSLock()
    private var busy = 0

    init(limit: Int, refusal: @escaping @Sendable () -> any Error) {
        self.limit = limit
        self.refusal = refusal
    }

    /// Slots for a kind of request: beyond them, 503 with `Retry-After`.
    convenience init(limit: Int, retryAfter: Int, what: String) {
        self.init(limit: limit) {
            Problem.tryLater(.serviceUnavailable, type: "busy", detail: "\(what)请求较多，请 \(retryAfter) 秒后再试。", retryAfter: retryAfter)
        }
    }

    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        let entered = lock.withLock {
            guard busy < limit else { return false }
            busy += 1
            return true
        }
        guard entered else { throw refusal() }
        defer { lock.withLock { busy -= 1 } }
        return try await work()
    }
}

/// A value computed at most once per `maxAge`, however many ask at once (single flight): the
/// metrics' row counts, which change slowly and cost a count each. Its age is read on the service
/// clock the caller passes (so a test moves it; issue 16); a clock that went back recomputes.
actor ExpiringCache<Value: Sendable> {
    let maxAge: TimeInterval
    private var stored: (value: Value, at: Date)?
    private var running: Task<Value, any Error>?

    /// `maxAge` in seconds.
    init(maxAge seconds: Int) {
        maxAge = TimeInterval(seconds)
    }

    func value(now: Date, compute: @Sendable @escaping () async throws -> Value) async throws -> Value {
        if let stored {
            let age = now.timeIntervalSince(stored.at)
            if age >= 0, age < maxAge { return stored.value }
        }
        if let running { return try await running.value }
        let task = Task { try await compute() }
        running = task
        defer { running = nil }
        let value = try await task.value
        stored = (value, now)
        return value
    }

    /// Forgets the value (a test, or a change that must show at once).
    func clear() {
        stored = nil
    }
}

/// The bounds of one application.
final class PublicCostBounds: Sendable {
    /// Full-text searches of the portal (the costly ones at a million rows).
    let searches: WorkSlots
    /// Open-data files being generated (each a walk of every listed row); serving a cached file is free.
    let exports: WorkSlots

    init(searchSlots: Int = max(2, System.coreCount * 2), exportSlots: Int = 1) {
        searches = WorkSlots(limit: searchSlots, retryAfter: 3, what: "检索")
        exports = WorkSlots(limit: exportSlots, retryAfter: 10, what: "开放数据生成")
    }
}

extension Application {
    private struct PublicCostBoundsKey: StorageKey { typealias Value = PublicCostBounds }

    var publicCost: PublicCostBounds {
        get { configured(PublicCostBoundsKey.self) }
        set { storage[PublicCostBoundsKey.self] = newValue }
    }
}
