import App
import Domain
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport

/// The logic behind `lawtrail calendar`, `lawtrail id` and settings (issue 2 items 2, 5, 6).
@Suite struct CommandLineTests {
    static let calendar = try! StatutoryCalendar.bundled()

    @Test("SPEC X1: is-workday prints workday or rest, and an error naming a missing year", arguments: [
        ("2026-10-10", "workday", true),   // adjusted Saturday (National Day 2026)
        ("2026-10-05", "rest", true),      // National Day holiday, a Monday
        ("2026-02-14", "workday", true),   // adjusted Saturday before Spring Festival 2026
        ("2026-11-29", "rest", true),      // an ordinary Sunday
        ("2026-11-30", "workday", true),
    ])
    func isWorkday(query: String, expected: String, ok: Bool) {
        let answer = CalendarQueries.isWorkday(Substring(query), calendar: Self.calendar)
        #expect(answer.line == expected)
        #expect(answer.ok == ok)
    }

    @Test("SPEC X1: refusals are one error line")
    func refusals() {
        let missing = CalendarQueries.isWorkday("2027-03-01", calendar: Self.calendar)
        #expect(!missing.ok)
        #expect(missing.line.hasPrefix("error:"))
        #expect(missing.line.contains("2027"))
        #expect(!CalendarQueries.isWorkday("2026-02-30", calendar: Self.calendar).ok)
        #expect(!CalendarQueries.addWorkdays("2026-01-05", calendar: Self.calendar).ok)
        #expect(!CalendarQueries.addWorkdays("2026-01-05 -3", calendar: Self.calendar).ok)
        #expect(!CalendarQueries.addWorkdays("2026-12-30 3", calendar: Self.calendar).ok)
    }

    @Test("SPEC X1: add-workdays prints the due date", arguments: [
        ("2026-09-28 7", "2026-10-13"),  // across National Day + Mid-Autumn 2026
        ("2026-02-12 7", "2026-02-28"),  // across Spring Festival 2026; 02-28 is an adjusted Saturday
        ("2026-11-27 5", "2026-12-04"),
        ("2026-11-27 0", "2026-11-27"),
    ])
    func addWorkdays(query: String, expected: String) {
        let answer = CalendarQueries.addWorkdays(Substring(query), calendar: Self.calendar)
        #expect(answer.line == expected)
        #expect(answer.ok)
    }

    @Test("SPEC X1: import installs a checked file and refuses a bad one with the reason")
    func importArrangement() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lawtrail-import-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let good = directory.appendingPathComponent("2027.json")
        try Data("""
            {"year": 2027, "notice": "测试用通知", "daysOff": [{"date": "2027-01-01", "holiday": "元旦"}],
             "adjustedWorkdays": []}
            """.utf8).write(to: good)
        let installed = try CalendarQueries.importArrangement(from: good, dataDirectory: directory)
        #expect(installed.year == 2027)
        let calendar = try CalendarQueries.calendar(dataDirectory: directory)
        #expect(CalendarQueries.isWorkday("2027-03-01", calendar: calendar).line == "workday")

        let bad = directory.appendingPathComponent("bad.json")
        try Data("""
            {"year": 2028, "notice": "测试", "daysOff": [{"date": "2028-01-01", "holiday": "元旦"}],
             "adjustedWorkdays": [{"date": "2028-01-01", "holiday": "元旦"}]}
            """.utf8).write(to: bad)
        #expect(throws: CalendarImportError.self) {
            try CalendarQueries.importArrangement(from: bad, dataDirectory: directory)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("calendar/2028.json").path))
    }

    @Test("SPEC X4: id check verdicts", arguments: [
        ("91310000132260250X", "valid: uscc"),
        ("11010519491231002X", "valid: resident-id"),
    ])
    func validIdentifiers(code: String, expected: String) {
        let verdict = IdentifierQueries.verdict(for: Substring(code), today: CivilDate(year: 2026, month: 11, day: 29)!)
        #expect(verdict.line == expected)
        #expect(verdict.ok)
    }

    @Test("SPEC X4: an invalid code says what is wrong")
    func invalidIdentifier() {
        let today = CivilDate(year: 2026, month: 11, day: 29)!
        let checkCharacter = IdentifierQueries.verdict(for: "91310000132260250Y", today: today)
        #expect(!checkCharacter.ok)
        #expect(checkCharacter.line.hasPrefix("invalid: "))
        #expect(checkCharacter.line.contains("校验码"))
        let length = IdentifierQueries.verdict(for: "9131000013226025", today: today)
        #expect(length.line.hasPrefix("invalid: ") && length.line.contains("长度"))
    }

    @Test("settings: flag, else environment, else default; bad values refused")
    func settings() throws {
        let defaults = try AppConfig.resolve(environment: [:])
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 8080)
        #expect(defaults.dataDirectory.lastPathComponent == "lawtrail-data")
        #expect(defaults.database.kindName == "sqlite")
        #expect(defaults.ledgerOrigin.hasPrefix("lawtrail.local/"))

        let fromEnvironment = try AppConfig.resolve(environment: [
            "LAWTRAIL_DATA_DIR": "/tmp/x", "DATABASE_URL": "postgres://u@h/db", "LAWTRAIL_LEDGER_ORIGIN": "ledger.example/putuo",
        ])
        #expect(fromEnvironment.dataDirectory.path == "/tmp/x")
        #expect(fromEnvironment.database == .postgres(url: "postgres://u@h/db"))
        #expect(fromEnvironment.ledgerOrigin == "ledger.example/putuo")
        #expect(try AppConfig.resolve(dataDirectory: "/tmp/y", environment: ["LAWTRAIL_DATA_DIR": "/tmp/x"]).dataDirectory.path == "/tmp/y")

        #expect(throws: ConfigError.self) { try AppConfig.resolve(port: 0, environment: [:]) }
        #expect(throws: ConfigError.self) { try AppConfig.resolve(environment: ["DATABASE_URL": "mysql://x"]) }
        #expect(throws: ConfigError.self) { try AppConfig.resolve(environment: ["LAWTRAIL_LEDGER_ORIGIN": "a b"]) }
    }
}

/// `lawtrail ledger verify` on a data directory: clean, then tampered (issue 3 "Done when").
@Suite struct LedgerVerifyCommandTests {
    @Test func verifyNamesTheChangedEntry() async throws {
        try await withTestApp(.sqlite, demo: true) { app in
            let config = app.lawTrail.config
            #expect(try await Maintenance.verifyLedger(config: config).isClean)

            let sql = app.db as! any SQLDatabase
            try await sql.raw("DROP TRIGGER ledger_entries_no_update").run()
            try await sql.raw("UPDATE ledger_entries SET leaf_hash = zeroblob(32) WHERE idx = 11").run()
            let report = try await Maintenance.verifyLedger(config: config)
            #expect(report.findings.first?.index == 11)
        }
    }

    @Test func verifyRefusesAMissingDatabase() async throws {
        let config = AppConfig(dataDirectory: URL(fileURLWithPath: "/nonexistent/lawtrail-\(UUID())"))
        await #expect(throws: MaintenanceError.self) {
            try await Maintenance.verifyLedger(config: config)
        }
    }
}
