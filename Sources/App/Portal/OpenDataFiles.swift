import Vapor

/// The open-data files on disk (`DATA_DIR/cache/open-data`), each generated once per stamp
/// (issue 12 item 7). While one is being generated, others asking for it wait for that one run;
/// when the generation slots are taken, a stale file is served if there is one, else 503.
actor OpenDataFiles {
    let directory: URL
    /// The stamp each file on disk was generated for (forgotten on restart: then regenerated once).
    private var stamps: [String: String] = [:]
    private var generating: [String: Task<String, any Error>] = [:]

    init(directory: URL) {
        self.directory = directory
    }

    func file(
        name: String, stamp: String, slots: WorkSlots,
        generate: @Sendable @escaping (URL) async throws -> Void
    ) async throws -> URL {
        let final = directory.appendingPathComponent(name)
        if stamps[name] == stamp { return final }
        if let running = generating[name] {
            _ = try await running.value
            return final
        }
        let directory = directory
        let task = Task<String, any Error> {
            try await slots.run {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let partial = directory.appendingPathComponent(".\(name).\(UUID().uuidString)")
                do {
                    try await generate(partial)
                    // Atomic: a reader streaming the previous file keeps it until done.
                    guard rename(partial.path, final.path) == 0 else { throw Abort(.internalServerError, reason: "rename failed") }
                } catch {
                    try? FileManager.default.removeItem(at: partial)
                    throw error
                }
                return stamp
            }
        }
        generating[name] = task
        defer { generating[name] = nil }
        do {
            stamps[name] = try await task.value
        } catch let problem as Problem where problem.status == 503 && stamps[name] != nil {
            // Busy: yesterday's or a minute-old file is better than no answer.
            return final
        }
        return final
    }
}

extension Application {
    private struct OpenDataFilesKey: StorageKey { typealias Value = OpenDataFiles }

    var openDataFiles: OpenDataFiles {
        get { configured(OpenDataFilesKey.self) }
        set { storage[OpenDataFilesKey.self] = newValue }
    }
}
