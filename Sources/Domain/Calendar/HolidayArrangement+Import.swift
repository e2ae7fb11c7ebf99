import Foundation

/// Parsing, checking and loading holiday-arrangement files (SPEC X1).
///
/// Every path into the calendar — the bundled resources, `DATA_DIR/calendar/<year>.json`, and
/// `lawtrail calendar import FILE` — goes through `decode(_:)`, so a file that would move deadlines
/// wrongly is refused with the offending date named, never half-loaded.
extension HolidayArrangement {
    /// Decodes and validates one arrangement file.
    public static func decode(_ data: Data) throws(CalendarImportError) -> HolidayArrangement {
        let arrangement: HolidayArrangement
        do {
            arrangement = try JSONDecoder().decode(HolidayArrangement.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(Self.explain(error))
        } catch {
            throw .malformed(String(describing: error))
        }
        try arrangement.validate()
        return arrangement
    }

    /// Checks the rules an arrangement must satisfy, in a fixed order so the first problem is reported:
    /// year in 1949…9999; a non-empty notice title and holiday names; every day within
    /// `listableDays(forYear:)`; no day listed twice; no day both off and worked; every adjusted working
    /// day a Saturday or Sunday (true of every notice 2004–2026: 调休 moves weekend days, never weekdays);
    /// and 1 January among the days off (元旦 is a statutory holiday every year, so a file without it is
    /// a partial or wrongly dated arrangement). Weekend days off are allowed: notices list them inside
    /// holiday blocks.
    public func validate() throws(CalendarImportError) {
        guard Self.validYears.contains(year), let listable = Self.listableDays(forYear: year) else {
            throw .yearOutOfRange(year)
        }
        guard !notice.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyText("notice") }
        for day in daysOff + adjustedWorkdays {
            guard listable.contains(day.date) else { throw .dateOutsideYear(day.date, year: year) }
            guard !day.holiday.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .emptyText("\(day.date) holiday")
            }
        }
        var off = Set<CivilDate>()
        for day in daysOff {
            guard off.insert(day.date).inserted else { throw .duplicateDate(day.date) }
        }
        var worked = Set<CivilDate>()
        for day in adjustedWorkdays {
            guard worked.insert(day.date).inserted else { throw .duplicateDate(day.date) }
            guard !off.contains(day.date) else { throw .offAndWorking(day.date) }
            guard day.date.isWeekend else { throw .adjustedWorkdayNotWeekend(day.date) }
        }
        guard let newYearsDay = CivilDate(year: year, month: 1, day: 1), off.contains(newYearsDay) else {
            throw .missingNewYearsDay(year)
        }
    }

    /// Reads and decodes one file.
    public static func load(contentsOf url: URL) throws(CalendarImportError) -> HolidayArrangement {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable("\(url.path): \(error.localizedDescription)")
        }
        do {
            return try decode(data)
        } catch .malformed(let detail) {
            throw .malformed("\(url.lastPathComponent): \(detail)")
        }
    }

    /// Loads every `<year>.json` in a directory, ascending by year; other files are ignored. A file
    /// whose `year` differs from its name is refused, so that one year cannot hide another.
    public static func loadDirectory(_ directory: URL) throws(CalendarImportError) -> [HolidayArrangement] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadable("\(directory.path): \(error.localizedDescription)")
        }
        var loaded: [HolidayArrangement] = []
        for name in names.sorted() {
            let stem = name.dropLast(5)
            guard name.hasSuffix(".json"), stem.count == 4, stem.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let year = Int(stem) else { continue }
            let arrangement = try load(contentsOf: directory.appendingPathComponent(name))
            guard arrangement.year == year else { throw .fileYearMismatch(file: name, year: arrangement.year) }
            loaded.append(arrangement)
        }
        return loaded
    }

    /// One line naming the field that failed, e.g. `daysOff[3].date: not a date in YYYY-MM-DD form`.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
