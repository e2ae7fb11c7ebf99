import App
import ArgumentParser

/// The one executable (ARCHITECTURE "Command line"). Each subcommand is a thin wrapper over a
/// tested function in App or Domain. This file must not import Vapor: ConsoleKit's
/// `@Option`/`@Flag` clash with ArgumentParser's.
@main
struct LawTrailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lawtrail",
        abstract: "LawTrail 执法留痕与公示系统",
        version: LawTrailVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, CalendarCommand.self, IdCommand.self, LedgerCommand.self, VerifyCommand.self, BenchCommand.self, UserCommand.self, ProofCommand.self, DigestCommand.self, DrawCommand.self, BackupCommand.self, RestoreCommand.self, MigrateDataCommand.self])
}
