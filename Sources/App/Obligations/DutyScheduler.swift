import Foundation
import Services
import Vapor

/// Duties that arise by the calendar (issue 13 item 2): every hour, the duty to publish the previous
/// year's figures is raised if it has not been (it arises on 1 January, SPEC P7.4). Idempotent, so
/// a second server does no harm (`YearlyFiguresService.raiseYearlyDuty`).
enum DutyScheduler {
    static func start(_ app: Application) {
        let services = app.lawTrail
        let database = app.db
        let logger = app.logger
        app.runPeriodically("duties", after: 20, every: 60 * 60) {
            if let duty = try await YearlyFiguresService(services.serviceContext(on: database)).raiseYearlyDuty() {
                logger.notice("duties: raised \(duty.title), due \(duty.due.chineseDescription)")
            }
        }
    }
}
