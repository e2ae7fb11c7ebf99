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

    /// Creates the directory and its parts; `keys/` is readable by the owner only.
    public func prepare() throws {
        let files = FileManager.default
        for directory in [root, blobs, calendar, tmp] {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try files.createDirectory(
            at: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
