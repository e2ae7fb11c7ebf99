import Foundation
import FuzzSupport
@testable import Domain

// Holiday-arrangement files (HolidayArrangement.decode, the parser behind every path into the
// calendar: the bundled files, DATA_DIR/calendar/ and `lawtrail calendar import`).
//
// Properties: nothing crashes; an accepted file passes `validate()` again, its stored form
// (`jsonData()`, what import writes) decodes to the same arrangement, every listed day is inside
// the year's listable range, and a calendar built from it answers for every day it lists
// without error: a day off is not a workday, an adjusted workday is one.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        let directory = repositoryRoot.appendingPathComponent("Sources/Domain/Resources/calendar")
        var seeds: [(String, [UInt8])] = try ["2004", "2019", "2020", "2026"].map { year in
            (year, [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(year).json"))))
        }
        let edge: [(String, String)] = [
            ("minimal", #"{"year":2027,"notice":"x","daysOff":[{"date":"2027-01-01","holiday":"元旦"}],"adjustedWorkdays":[]}"#),
            ("december", #"{"year":2019,"notice":"n","daysOff":[{"date":"2018-12-30","holiday":"元旦"},{"date":"2019-01-01","holiday":"元旦"}],"adjustedWorkdays":[{"date":"2018-12-29","holiday":"元旦"}]}"#),
            ("bad-date", #"{"year":2027,"notice":"x","daysOff":[{"date":"2027-02-30","holiday":"春节"}],"adjustedWorkdays":[]}"#),
            ("year-huge", #"{"year":99999999999999999999,"notice":"x","daysOff":[],"adjustedWorkdays":[]}"#),
            ("optional", #"{"year":9999,"notice":"x","noticeNumber":null,"notes":["a"],"source":"s","daysOff":[{"date":"9999-01-01","holiday":"元旦"}],"adjustedWorkdays":[]}"#),
        ]
        seeds += edge.map { ($0.0, Array($0.1.utf8)) }
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalendar(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = Data(bytes(data, size))
    let arrangement: HolidayArrangement
    do {
        arrangement = try HolidayArrangement.decode(file)
    } catch {
        _ = error.description
        return 0
    }
    require((try? arrangement.validate()) != nil, "an accepted arrangement fails validate()")
    require((try? HolidayArrangement.decode(arrangement.jsonData())) == arrangement, "stored form does not decode to the same arrangement")
    let listable = HolidayArrangement.listableDays(forYear: arrangement.year)
    require(listable != nil, "no listable range for an accepted year")
    let calendar = StatutoryCalendar([arrangement])
    for day in arrangement.daysOff + arrangement.adjustedWorkdays {
        require(listable!.contains(day.date), "listed day outside the year")
    }
    for day in arrangement.daysOff where day.date.year == arrangement.year {
        require((try? calendar.isWorkday(day.date)) == false, "a day off is a workday")
    }
    for day in arrangement.adjustedWorkdays where day.date.year == arrangement.year {
        require((try? calendar.isWorkday(day.date)) == true, "an adjusted workday is not a workday")
    }
    if let first = CivilDate(year: arrangement.year, month: 1, day: 1) {
        _ = try? calendar.addWorkdays(first, 20)
        _ = try? calendar.workdaysBetween(first, first.adding(days: 40))
    }
    return 0
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzCalendar_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzCalendar($0, size) } ?? 0 }
}
