import Foundation

extension CivilDate {
    /// The same day of the month `months` months later (earlier when negative), clamped to the end
    /// of a shorter month: 2026-08-31 + 6 months = 2027-02-28, 2027-08-31 + 6 months = 2028-02-29.
    ///
    /// Why clamped rather than overflowing into the next month: a "kept at least 6 months" period
    /// (SPEC R10) and a publicity period of "3 months" (issue 5, P7.5) end in the month they name;
    /// clamping never runs past it. Nil when the result falls outside the years 1…9999.
    public func adding(months: Int) -> CivilDate? {
        let monthIndex = year * 12 + (month - 1) + months
        let newYear = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let newMonth = monthIndex - newYear * 12 + 1
        guard (1...9999).contains(newYear) else { return nil }
        return CivilDate(year: newYear, month: newMonth, day: min(day, CivilDate.daysIn(month: newMonth, year: newYear)))
    }
}
