import Foundation

extension StatutoryCalendar {
    /// The number of working days d with `a` < d ≤ `b` (0 when `b` ≤ `a`): how many working days
    /// late something done on `b` is when it was due on `a` (SPEC P10, X2).
    ///
    /// Like `addWorkdaysAllowingEstimate`, days in years without a loaded notice are counted as
    /// Monday–Friday working and those years are returned, so a report can mark the count as an
    /// estimate instead of failing (SPEC X1: flagged, never silent).
    public func workdaysLateAllowingEstimate(due a: CivilDate, done b: CivilDate) -> (count: Int, estimatedYears: [Int]) {
        guard a < b else { return (0, []) }
        var count = 0
        var estimated = Set<Int>()
        for dayNumber in (a.dayNumber + 1)...b.dayNumber {
            let day = CivilDate(dayNumber: dayNumber)
            if isCovered(day), let workday = try? isWorkday(day) {
                if workday { count += 1 }
            } else {
                estimated.insert(day.year)
                if !day.isWeekend { count += 1 }
            }
        }
        return (count, estimated.sorted())
    }
}
