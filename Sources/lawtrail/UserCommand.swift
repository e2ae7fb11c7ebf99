import App
import ArgumentParser
import Foundation

/// `lawtrail user add --username U --role ROLE --password-stdin` (issue 4 item 8).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a staff account.")
        @Option(help: "Sign-in name (3–32 letters, digits, . _ -).") var username: String
        @Option(help: "Role: \(AccountRoles.names).") var role: String
        @Option(name: .customLong("display-name"), help: "Name shown in the UI (default: the username).") var displayName: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.") var passwordStdin = false
        @Option(name: .customLong("data-dir"), help: "Data directory.") var dataDirectory: String?

        func run() async throws {
            guard passwordStdin else { throw ValidationError("pass the password on standard input with --password-stdin") }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("no password on standard input")
            }
            let config = try AppConfig.resolve(dataDirectory: dataDirectory)
            do {
                try await Maintenance.addUser(
                    config: config, username: username, displayName: displayName ?? username, role: role, password: password)
            } catch {
                printError("refused: \(error)")
                throw ExitCode.failure
            }
            print("created \(username) (\(role))")
        }
    }
}
