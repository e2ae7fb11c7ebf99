import App
import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server (portal, staff UI, API, ledger).")

    @Flag(help: "Fill an empty database with the demo data set.")
    var demo = false

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .customLong("data-dir"), help: "Data directory (else LAWTRAIL_DATA_DIR, else ./lawtrail-data).")
    var dataDirectory: String?

    func run() async throws {
        let config = try AppConfig.resolve(host: host, port: port, dataDirectory: dataDirectory, demo: demo)
        try await ServerRunner.run(config: config)
    }
}
