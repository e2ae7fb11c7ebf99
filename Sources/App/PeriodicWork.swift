import Foundation
import Persistence
import Vapor

/// Where a periodic job runs when several servers share one database (issue 17 item 2).
enum PeriodicScope: Sendable {
    /// Once per period across every server on the database (`JobRuns`): work on shared data — the
    /// ledger, records, duties, blobs, the shared `tmp/uploads/`.
    case oncePerCluster
    /// On every server: work on this process's own state (its in-memory calendar).
    case everyServer
}

extension Application {
    /// Runs `work` every `seconds`, first after `initialSeconds`, on the event loop group's
    /// scheduler as a Swift task; a failure is logged and the next run happens as planned.
    ///
    /// `.oncePerCluster` (the default): before each run the job's period is claimed in `job_runs`
    /// (`JobRuns.claim`); when another server (or an earlier tick of this one) has claimed it, this
    /// tick is skipped. A period is `seconds` long, counted from the Unix epoch on the service clock,
    /// so every server agrees on it whatever moment it started. On SQLite only one server may run;
    /// the claim then costs one insert per run and changes nothing else.
    @discardableResult
    func runPeriodically(
        _ name: String, after initialSeconds: Int64, every seconds: Int64, scope: PeriodicScope = .oncePerCluster,
        _ work: @escaping @Sendable () async throws -> Void
    ) -> PeriodicWorkHandle {
        let logger = logger
        let loops = eventLoopGroup
        let runs = JobRuns(database: db)
        let services = lawTrail
        let server = Self.serverIdentity
        // A test switch: every job at one short period (a cluster run sees every job's claims).
        let (initialSeconds, seconds) = services.config.jobPeriodOverride.map { (min(initialSeconds, $0), $0) }
            ?? (initialSeconds, seconds)
        let task = loops.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(initialSeconds), delay: .seconds(seconds)) { _ in
            let promise = loops.next().makePromise(of: Void.self)
            promise.completeWithTask {
                do {
                    if scope == .oncePerCluster {
                        let now = services.now
                        guard try await runs.claim(job: name, everyMilliseconds: seconds * 1000, now: now, server: server) else {
                            logger.debug("\(name): period already run by another server")
                            return
                        }
                        logger.info("\(name): running for period \(JobRuns.period(of: now, everyMilliseconds: seconds * 1000)) on \(server)")
                    }
                    try await work()
                } catch {
                    logger.error("\(name): periodic run failed: \(error)")
                }
            }
            return promise.futureResult
        }
        return PeriodicWorkHandle(cancel: { task.cancel() })
    }

    /// This process among the servers: `host:pid` (stored with each job claim, for diagnostics).
    static let serverIdentity: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
}

/// Stops a job's timer (tests; the server's timers end with the process).
struct PeriodicWorkHandle: Sendable {
    let cancel: @Sendable () -> Void
}
