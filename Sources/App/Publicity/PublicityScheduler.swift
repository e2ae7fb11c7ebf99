import Foundation
import Domain
import Persistence
import Services
import Vapor

/// The server's periodic publicity work: record expired publicity periods (SPEC P7.5) and hand new
/// steps to the channels (SPEC P2, P4). Every 10 minutes, first one shortly after start. Each run is
/// idempotent, so several server processes sharing a database do no harm: a second expiry of the
/// same item is refused by the workflow, a second hand-over finds nothing pending.
enum PublicityScheduler {
    static func start(_ app: Application) {
        let services = app.lawTrail
        let logger = app.logger
        let database = app.db
        let client = app.client
        app.runPeriodically("publicity", after: 10, every: 10 * 60) {
            let expired = try await PublicationService(services.serviceContext(on: database)).expire()
            if expired.expired > 0 { logger.notice("publicity: \(expired.expired) publicity periods ended") }
            for channel in PublicationChannel.allCases {
                let result = try await ChannelHandover.run(channel, database: database, services: services, client: client, logger: logger)
                if result.delivered + result.failed > 0 {
                    logger.notice("channel \(channel.rawValue): \(result.delivered) handed over, \(result.failed) failed")
                }
            }
        }
        // SPEC P8 (三), issue 13 item 5 (b): certificates that ended yesterday or earlier raise their
        // update duty. Hourly, so the day's work is done soon after midnight; each certificate and end
        // date once (a unique key), however many runs and servers.
        app.runPeriodically("certificate-ends", after: 60, every: 60 * 60) {
            let result = try await CertificateEndService(services.serviceContext(on: database)).run()
            if result.certificates > 0 {
                logger.notice("publicity: \(result.certificates) ended certificates raised \(result.obligations) P8 update duties")
            }
        }
    }
}
