import Foundation
import Services
import Vapor

/// The daily disposal listing (issue 14 item 3): lists records whose retention has passed, once
/// each, and finishes blob removals a crash interrupted. Idempotent (a record is listed once, a
/// removal of what is gone is no error), so a second server or a restart does no harm; it runs
/// hourly so that a server restarted at any time still lists within the day.
enum RetentionScheduler {
    static func start(_ app: Application) {
        let services = app.lawTrail
        let database = app.db
        let logger = app.logger
        app.runPeriodically("disposal-listing", after: 90, every: 60 * 60) {
            let disposal = DisposalService(services.serviceContext(on: database), blobs: services.blobs)
            let listed = try await disposal.listDue()
            if listed > 0 { logger.notice("disposal: \(listed) record(s) past their retention listed for appraisal") }
            let removed = try await disposal.finishRemovals()
            if removed > 0 { logger.notice("disposal: finished removing \(removed) disposed blob(s)") }
        }
    }
}
