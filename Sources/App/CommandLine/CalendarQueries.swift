import Domain
import Foundation

/// The logic of `lawtrail calendar …` (SPEC X1), kept here so tests call it directly.
public enum CalendarQueries {
    /// One answer line and whether it is an answer (true) or a refusal (false).
    public typealias Answer = (line: String, ok: Bool)

    /// Loads the shipped arrangements and the administrator's `DATA_DIR/calendar/*.json`.
    public static func calendar(dataDirectory: URL) throws(CalendarImportError) -> StatutoryCalendar {
        try StatutoryCalendar.bundled(overrides: DataDirectory(dataDirectory).calendar)
    }

    /// `is-workday DATE` → `workday` or `rest`.
    public static func isWorkday(_ query: Substring, calendar: StatutoryCalendar) -> Answer {
        let text = query.trimmingCharacters(in: .whitespaces)
        guard let date = CivilDate(iso: text) else {
            return ("error: not a date in YYYY-MM-DD form: \(text)", false)
        }
        do {
            return (try calendar.isWorkday(date) ? "workday" : "rest", true)
        } catch {
            return ("error: \(error)", false)
        }
    }

    /// `add-workdays DATE N` → the due date `YYYY-MM-DD`; `line` is `DATE N`.
    public static func addWorkdays(_ query: Substring, calendar: StatutoryCalendar) -> Answer {
        let parts = query.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2 else {
            return ("error: expected `DATE N`, got: \(query)", false)
        }
        guard let date = CivilDate(iso: parts[0]) else {
            return ("error: not a date in YYYY-MM-DD form: \(parts[0])", false)
        }
        guard let count = Int(parts[1]), count >= 0 else {
            return ("error: N must be a whole number of working days ≥ 0, got: \(parts[1])", false)
        }
        do {
            return (try calendar.addWorkdays(date, count).description, true)
        } catch {
            return ("error: \(error)", false)
        }
    }

    /// Validates an arrangement file and installs it as `DATA_DIR/calendar/<year>.json`.
    /// Returns the installed arrangement. The file is checked against the calendar it joins.
    /// A running server takes the file in within a minute (`CalendarWatch`).
    public static func importArrangement(from file: URL, dataDirectory: URL) throws -> HolidayArrangement {
        let arrangement = try HolidayArrangement.load(contentsOf: file)
        try install(arrangement, bytes: try Data(contentsOf: file), dataDirectory: dataDirectory)
        return arrangement
    }

    /// Validates `bytes` as an arrangement (as the staff page receives it) and installs them.
    public static func importArrangement(_ bytes: Data, dataDirectory: URL) throws -> HolidayArrangement {
        let arrangement = try HolidayArrangement.decode(bytes)
        try install(arrangement, bytes: bytes, dataDirectory: dataDirectory)
        return arrangement
    }

    /// Writes what was read, byte for byte, so the installed file is the notice as given.
    private static func install(_ arrangement: HolidayArrangement, bytes: Data, dataDirectory: URL) throws {
        let directory = DataDirectory(dataDirectory)
        try FileManager.default.createDirectory(at: directory.calendar, withIntermediateDirectories: true)
        try bytes.write(to: directory.calendar.appendingPathComponent("\(arrangement.year).json"), options: .atomic)
    }
}
