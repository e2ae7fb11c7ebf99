import Foundation
import Persistence
import Services
import Vapor

/// The fixity audit's timer (issue 14 item 4): one batch every few seconds
/// (`FixityAuditService.runBatch`), each paced to `LAWTRAIL_FIXITY_BYTES_PER_SECOND` and stored with
/// its `fixity.checked` event before the next begins. Between cycles a batch run is one query and
/// returns. Off when the rate is 0. Safe with two servers: a step is stored once (`FixityStore`).
enum FixityAuditJob {
    static func settings(_ config: AppConfig) -> FixityAuditService.Settings {
        FixityAuditService.Settings(bytesPerSecond: config.fixityBytesPerSecond, pauseBetweenCycles: config.fixityCyclePause)
    }

    static func start(_ app: Application) {
        let services = app.lawTrail
        guard services.config.fixityBytesPerSecond > 0 else {
            app.logger.notice("fixity: audits are off (LAWTRAIL_FIXITY_BYTES_PER_SECOND=0)")
            return
        }
        let database = app.db
        let logger = app.logger
        let settings = settings(services.config)
        app.runPeriodically("fixity", after: 90, every: 5) {
            let service = FixityAuditService(services.serviceContext(on: database), blobs: services.blobs, settings: settings)
            if case .checked(let batch) = try await service.runBatch() {
                if !batch.failures.isEmpty {
                    logger.critical("fixity: \(batch.failures.count) blob(s) failed in cycle \(batch.cycleID) batch \(batch.batch): \(batch.failures.map { "\($0.blobSHA256) \($0.problem.rawValue)" }.joined(separator: ", "))")
                }
                if batch.completesCycle {
                    logger.notice("fixity: cycle \(batch.cycleID) complete after \(batch.batch) batch(es)")
                }
            }
        }
    }
}
