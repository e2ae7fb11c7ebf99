import Domain
import Foundation

/// The statutory calendar the running server counts with (SPEC X1; issue 13 item 3): the bundled
/// years and `DATA_DIR/calendar`, read again without a restart — at once when an administrator
/// imports a year on the staff page, and every minute for a file `lawtrail calendar import` wrote
/// (or another server's import, when the directory is shared).
final class LiveCalendar: @unchecked Sendable {
    private let lock = NSLock()
    private var calendar: StatutoryCalendar
    let dataDirectory: URL

    init(dataDirectory: URL) throws {
        self.dataDirectory = dataDirectory
        calendar = try CalendarQueries.calendar(dataDirectory: dataDirectory)
    }

    var current: StatutoryCalendar { lock.withLock { calendar } }

    /// Reads the calendar again and returns the arrangements that are new or different from what was
    /// in use (none when nothing changed). A bad file leaves the calendar in use as it was.
    @discardableResult
    func reload() throws -> [HolidayArrangement] {
        let fresh = try CalendarQueries.calendar(dataDirectory: dataDirectory)
        return lock.withLock {
            let changed = fresh.arrangements.filter { calendar.arrangement(for: $0.year) != $0 }
            calendar = fresh
            return changed
        }
    }
}
