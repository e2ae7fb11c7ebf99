import Foundation

/// `manifest.json` of one backup snapshot (issue 17 item 3; docs/operations.md "Backups"). It says
/// what the database copy is, which ledger checkpoint that copy covers, every blob it needs with
/// its digest, the other files copied, the software and schema version, and whether keys are in
/// the snapshot (by default they are not).
public struct BackupManifest: Codable, Sendable, Equatable {
    public static let currentFormat = "lawtrail-backup/1"

    public var format: String
    /// When the backup started, RFC 3339 UTC.
    public var createdAt: String
    /// `lawtrail --version` of the program that made it.
    public var softwareVersion: String
    public var schema: SchemaVersion
    public var database: DatabaseCopy
    public var ledger: LedgerCovered
    public var blobs: BlobList
    /// Files of the data directory copied into `files/` (calendar, channel exports, archive packages).
    public var files: [FileCopy]
    public var keys: KeysCopy

    public struct SchemaVersion: Codable, Sendable, Equatable {
        /// The last migration applied (`019_CreateComplaints`), nil for an unmigrated database.
        public var latestMigration: String?
        public var migrations: [String]
    }

    public struct DatabaseCopy: Codable, Sendable, Equatable {
        /// `sqlite` (a `VACUUM INTO` copy) or `postgres` (a `pg_dump --format=custom` of one snapshot).
        public var kind: String
        /// The file in the snapshot directory: `lawtrail.sqlite` or `database.pgdump`.
        public var file: String
        public var bytes: UInt64
        public var sha256: String
        /// PostgreSQL only: the one schema dumped, when the server used a search path (tests).
        public var postgresSchema: String?
    }

    public struct LedgerCovered: Codable, Sendable, Equatable {
        /// Entries in the copy; the latest checkpoint below has this size.
        public var size: UInt64
        /// The RFC 9162 root over those entries, lowercase hex and base64.
        public var rootSha256: String
        public var rootBase64: String
        /// The latest signed checkpoint in the copy (C2SP signed note), nil for an empty ledger.
        public var checkpoint: String?
        public var origin: String
        /// Verifier keys (public) of the current and retired signing keys: enough to check the
        /// checkpoint and later the live server's, without the private key.
        public var verifierKeys: [String]
    }

    public struct BlobList: Codable, Sendable, Equatable {
        /// Where they were copied from (`/var/lib/lawtrail/blobs`, `s3://bucket/prefix`).
        public var store: String
        /// Where they are, relative to the snapshot directory (shared by every snapshot of the set).
        public var directory: String
        public var count: Int
        public var bytes: UInt64
        /// How many (and how many bytes) this backup copied; the rest were already in the set.
        public var copied: Int
        public var copiedBytes: UInt64
        public var list: [BlobEntry]
    }

    public struct BlobEntry: Codable, Sendable, Equatable {
        public var sha256: String
        public var bytes: UInt64
    }

    public struct FileCopy: Codable, Sendable, Equatable {
        /// Relative to the data directory (and to the snapshot's `files/`).
        public var path: String
        public var bytes: UInt64
        public var sha256: String
    }

    public struct KeysCopy: Codable, Sendable, Equatable {
        /// True only with `lawtrail backup --include-keys`: the files are then in `keys/`.
        public var included: Bool
        /// The key files copied (relative to `keys/`), empty when not included.
        public var files: [String]
        /// The signing key came from `LAWTRAIL_LEDGER_KEY`: it is never in a backup.
        public var ledgerKeyFromEnvironment: Bool
    }
}
