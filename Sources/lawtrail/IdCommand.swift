import App
import ArgumentParser
import Domain
import Foundation

/// `lawtrail id check CODE | --stdin` (SPEC X4).
struct IdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id", abstract: "Identifier checks.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a 统一社会信用代码 or 居民身份证号: prints `valid: <kind>` or `invalid: <reason>`.")
        @Flag(help: "Read one code per line from standard input.") var stdin = false
        @Argument(help: "The code.") var code: String?

        func run() throws {
            let today = CivilDate(Date())
            if stdin {
                guard LineIO.answerStandardInput({ IdentifierQueries.verdict(for: $0, today: today) }) else {
                    throw ExitCode.failure
                }
                return
            }
            guard let code else { throw ValidationError("give CODE, or --stdin") }
            let verdict = IdentifierQueries.verdict(for: Substring(code), today: today)
            print(verdict.line)
            if !verdict.ok { throw ExitCode.failure }
        }
    }
}
