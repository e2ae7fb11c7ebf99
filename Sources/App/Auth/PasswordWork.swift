import Vapor

/// bcrypt for requests, on threads of its own and with a bounded queue (issue 12 item 2).
///
/// One check costs about 250 ms of CPU at cost 12. On the shared thread pool, which uploads and
/// playback also use, a few dozen anonymous sign-in attempts would stall them; here at most
/// `threads` hashes run at once (half the cores, at least one) and at most `maxQueued` wait —
/// beyond that a sign-in is answered 503 with `Retry-After` at once, costing nothing.
final class PasswordWork: Sendable {
    struct Busy: Error {}

    let cost: Int
    let maxQueued: Int
    /// A hash of a random string at `cost`, checked when the username is unknown so that the
    /// answer takes as long as for a real account.
    let unknownUserHash: String
    private let pool: NIOThreadPool
    private let admission: WorkSlots

    init(cost: Int, threads: Int = max(1, System.coreCount / 2), maxQueued: Int = 16) {
        self.cost = cost
        self.maxQueued = maxQueued
        admission = WorkSlots(limit: maxQueued) { Busy() }
        unknownUserHash = (try? Bcrypt.hash(UUID().uuidString, cost: cost)) ?? ""
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await run { try Bcrypt.verify(password, created: hash) }
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await run { try Bcrypt.hash(password, cost: cost) }
    }

    private func run<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        try await admission.run { try await pool.runIfActive(work) }
    }
}

extension Application {
    private struct PasswordWorkKey: StorageKey {
        typealias Value = PasswordWork
    }

    /// Set by `configure`; shut down with the application.
    var passwordWork: PasswordWork {
        get { configured(PasswordWorkKey.self) }
        set { storage[PasswordWorkKey.self] = newValue }
    }
}

/// Stops the password threads when the application shuts down.
struct PasswordWorkLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        try? await application.passwordWork.shutdown()
    }
}
