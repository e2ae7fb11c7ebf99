import Domain
import FluentKit
import Foundation
import Services
import Vapor

/// Takes holiday years into the running server (issue 13 item 3; SPEC X1): reads the calendar again,
/// and records on the ledger and recounts the duties of every administrator's arrangement not yet
/// taken in (`CalendarService.takeIn` skips those recorded, so running it again, or on a second
/// server, changes nothing). Run by the staff page at once and every minute for `lawtrail calendar
/// import`.
public enum CalendarWatch {
    static func start(_ app: Application) {
        let services = app.lawTrail
        let database = app.db
        let logger = app.logger
        // Every server reads the calendar files again into its own memory (the staff page's import on
        // another server, or `lawtrail calendar import`, issue 17 item 2) ...
        app.runPeriodically("calendar-reload", after: 5, every: 60, scope: .everyServer) {
            _ = try services.liveCalendar.reload()
        }
        // ... and one of them records what is new and counts the duties again.
        app.runPeriodically("calendar", after: 5, every: 60) {
            let outcome = try await takeIn(services, on: database, by: nil)
            if !outcome.recordedYears.isEmpty {
                logger.notice("calendar: took in \(outcome.recordedYears), \(outcome.rescheduled.count) due days counted again")
            }
        }
    }

    /// What the watch does each minute, for `app` (tests call it after installing a file by hand).
    public static func check(_ app: Application) async throws -> CalendarService.Outcome {
        try await takeIn(app.lawTrail, on: app.db, by: nil)
    }

    static func takeIn(_ services: LawTrailServices, on database: any Database, by userID: UUID?) async throws -> CalendarService.Outcome {
        let changed = try services.liveCalendar.reload()
        let calendar = services.calendar
        // The administrator's files (also those installed while the server was down), as in use.
        let directory = DataDirectory(services.config.dataDirectory).calendar
        let installed = FileManager.default.fileExists(atPath: directory.path) ? try HolidayArrangement.loadDirectory(directory) : []
        var candidates: [Int: HolidayArrangement] = [:]
        for arrangement in changed + installed where calendar.arrangement(for: arrangement.year) == arrangement {
            candidates[arrangement.year] = arrangement
        }
        return try await CalendarService(services.serviceContext(on: database)).takeIn(Array(candidates.values), by: userID)
    }
}
