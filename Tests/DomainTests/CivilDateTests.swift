import Domain
import Foundation
import Testing

/// Calendar dates and Asia/Shanghai instants (ARCHITECTURE "Time").
@Suite struct CivilDateTests {
    @Test("a day's first instant is 16:00 UTC the day before, and maps back to the day")
    func startInstantIsShanghaiMidnight() throws {
        let day = try #require(CivilDate(year: 2026, month: 11, day: 29))
        let start = day.startInstant()
        #expect(start == Date(timeIntervalSince1970: 1_795_910_400 - 8 * 3600))  // 2026-11-29T00:00Z − 8 h
        #expect(CivilDate(start) == day)
        #expect(CivilDate(start.addingTimeInterval(-1)) == day.adding(days: -1))
    }

    @Test("ISO parsing is strict and round-trips; weekdays are ISO")
    func isoAndWeekday() {
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "2026-2-3") == nil)
        #expect(CivilDate(iso: "2026-11-29")?.description == "2026-11-29")
        #expect(CivilDate(iso: "2026-11-29")?.isoWeekday == 7)
        #expect(CivilDate(iso: "2026-11-29")?.chinese == "2026年11月29日")
    }
}
