import App
import ArgumentParser
import Domain
import Foundation

/// `lawtrail calendar is-workday | add-workdays | import` (SPEC X1).
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Working days on the State Council holiday arrangement.",
        subcommands: [IsWorkday.self, AddWorkdays.self, Import.self])

    struct Options: ParsableArguments {
        @Option(name: .customLong("data-dir"), help: "Data directory whose calendar/ holds imported years.")
        var dataDirectory: String?

        func calendar() throws -> StatutoryCalendar {
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            do {
                return try CalendarQueries.calendar(dataDirectory: config.dataDirectory)
            } catch {
                throw ValidationError("calendar data refused: \(error)")
            }
        }
    }

    struct IsWorkday: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "is-workday", abstract: "Print `workday` or `rest` for DATE (YYYY-MM-DD).")
        @OptionGroup var options: Options
        @Flag(help: "Read one DATE per line from standard input.") var stdin = false
        @Argument(help: "The date, YYYY-MM-DD.") var date: String?

        func run() throws {
            let calendar = try options.calendar()
            try CalendarCommand.answer(stdin: stdin, single: date, usage: "DATE") {
                CalendarQueries.isWorkday($0, calendar: calendar)
            }
        }
    }

    struct AddWorkdays: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-workdays",
            abstract: "Print the N-th working day after DATE (the day of DATE is not counted).")
        @OptionGroup var options: Options
        @Flag(help: "Read one `DATE N` per line from standard input.") var stdin = false
        @Argument(help: "The date, YYYY-MM-DD.") var date: String?
        @Argument(help: "Working days to add.") var count: String?

        func run() throws {
            let calendar = try options.calendar()
            let single = date.map { [$0, count ?? ""].joined(separator: " ") }
            try CalendarCommand.answer(stdin: stdin, single: single, usage: "DATE N") {
                CalendarQueries.addWorkdays($0, calendar: calendar)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Check a year's holiday arrangement file and install it.")
        @OptionGroup var options: Options
        @Argument(help: "The arrangement file (JSON, the format of the shipped years).") var file: String

        func run() throws {
            let config = try AppConfig.resolve(dataDirectory: options.dataDirectory)
            do {
                let arrangement = try CalendarQueries.importArrangement(
                    from: URL(fileURLWithPath: file), dataDirectory: config.dataDirectory)
                print("imported \(arrangement.year): \(arrangement.daysOff.count) days off, \(arrangement.adjustedWorkdays.count) adjusted working days (\(arrangement.notice))")
            } catch {
                printError("refused: \(error)")
                throw ExitCode.failure
            }
        }
    }

    /// Answers one query or every stdin line; exits non-zero when any answer is a refusal.
    static func answer(stdin: Bool, single: String?, usage: String, _ answer: (Substring) -> (line: String, ok: Bool)) throws {
        if stdin {
            guard LineIO.answerStandardInput(answer) else { throw ExitCode.failure }
            return
        }
        guard let single, !single.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("give \(usage), or --stdin")
        }
        let result = answer(Substring(single))
        print(result.line)
        if !result.ok { throw ExitCode.failure }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
