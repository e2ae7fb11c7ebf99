import Foundation

/// The layout of the data directory (ARCHITECTURE "Data and settings").
public struct DataDirectory: Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root }

    public var blobs: URL { root.appendingPathComponent("blobs", isDirectory: true) }
    public var keys: URL { root.appendingPathComponent("keys", isDirectory: true) }
    public var calendar: URL { root.appendingPathComponent("calendar", isDirectory: true) }
    public var tmp: URL { root.appendingPathComponent("tmp", isDirectory: true) }
    /// Export files handed to the publication channels (issue 5 item 8), one folder per channel.
    public var outbox: URL { root.appendingPathComponent("outbox", isDirectory: true) }
    /// Archive packages (issue 14 item 2): `archives/<package id>/bag/` and `archives/<package id>.zip`.
    public var archives: URL { root.appendingPathComponent("archives", isDirectory: true) }

    /// Creates the directory and its parts, owner-only (issue 12 item 12): the database, evidence
    /// and keys are not for other local users. An existing directory is narrowed to 0700 too.
    public func prepare() throws {
        let files = FileManager.default
        for directory in [root, blobs, keys, calendar, tmp] {
            try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        }
    }
}
