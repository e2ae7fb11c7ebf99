import App
import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Run pending database migrations.")

    @Option(name: .customLong("data-dir"), help: "Data directory (else LAWTRAIL_DATA_DIR, else ./lawtrail-data).")
    var dataDirectory: String?

    func run() async throws {
        let config = try AppConfig.resolve(dataDirectory: dataDirectory)
        let applied = try await Maintenance.migrate(config: config)
        print("migrations up to date on \(config.database.kindName)\(applied.isEmpty ? "" : ": applied " + applied.joined(separator: ", "))")
    }
}
