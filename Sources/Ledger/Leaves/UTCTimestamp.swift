import Foundation

/// RFC 3339 timestamps in UTC with whole seconds, e.g. `2026-11-29T01:02:03Z`, for the `at` of
/// ledger events.
///
/// Whole seconds, always: one fixed form keeps the leaf canonical, and the order of events
/// within a second is the ledger index anyway. Formatted by hand (proleptic Gregorian calendar,
/// years 0001–9999) rather than with a `DateFormatter`, whose output depends on locale and
/// platform — a leaf must not.
enum UTCTimestamp {
    /// The instant truncated to its whole second (towards the past).
    static func truncate(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
    }

    /// The whole seconds since 1970 of `date`, refusing instants outside the years 0001–9999.
    @discardableResult
    static func wholeSeconds(_ date: Date) throws -> Int64 {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // 0001-01-01T00:00:00Z ..< 10000-01-01T00:00:00Z; also keeps NaN and ±∞ away from Int64().
        guard interval >= -62_135_596_800 && interval < 253_402_300_800 else {
            throw LedgerError.invalidEvent("time \(interval) s since 1970 is outside the years 0001–9999")
        }
        return Int64(interval)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, written digit by digit into the string's own storage: no
    /// `String(format:)`, which goes through Foundation's printf machinery and was a fifth of the
    /// time of reading a leaf back.
    static func format(_ date: Date) throws -> String {
        let seconds = try wholeSeconds(date)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            write(seconds: seconds, into: buffer)
            return 20
        }
    }

    /// Writes the 20 bytes of the timestamp of `seconds` (already range-checked) at the start of
    /// `buffer`.
    private static func write(seconds: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        buffer[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        buffer[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        buffer[10] = UInt8(ascii: "T")
        put(secondOfDay / 3600, at: 11, width: 2)
        buffer[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, at: 14, width: 2)
        buffer[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, at: 17, width: 2)
        buffer[19] = UInt8(ascii: "Z")
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`.
    static func parse(_ text: String) throws -> Date {
        var text = text
        switch text.withUTF8({ parse(utf8: $0) }) {
        case .date(let date):
            return date
        case .malformed:
            throw LedgerError.invalidEvent("\"\(text)\" is not a UTC time of the form YYYY-MM-DDTHH:MM:SSZ")
        case .invalid:
            throw LedgerError.invalidEvent("\"\(text)\" is not a valid date and time")
        }
    }

    /// The outcome of `parse(utf8:)`; the two refusals keep `parse(_:)`'s two messages apart.
    enum Parsed {
        case date(Date)
        /// Not of the form `YYYY-MM-DDTHH:MM:SSZ`.
        case malformed
        /// Of the form, but no such date or time (month 13, February 30, hour 24, year 0000…).
        case invalid
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` from UTF-8 bytes, without making a `String`, so that
    /// the leaf reader can take the `at` member straight from the leaf.
    static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Parsed {
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z") else {
            return .malformed
        }
        // Every digit position checked in one loop (the separators were checked above); then
        // each field is a plain sum.
        for i in 0..<19 where i != 4 && i != 7 && i != 10 && i != 13 && i != 16 {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { return .malformed }
        }
        func number(_ range: Range<Int>) -> Int64 {
            var value: Int64 = 0
            for i in range { value = value * 10 + Int64(b[i] &- 0x30) }
            return value
        }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        let (hour, minute, second) = (number(11..<13), number(14..<16), number(17..<19))
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else {
            return .invalid
        }
        let days = self.days(fromCivil: year, month, day)
        return .date(Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second)))
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 → (year, month, day), H. Hinnant's civil_from_days.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// (year, month, day) → days since 1970-01-01, H. Hinnant's days_from_civil.
    private static func days(fromCivil y0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
