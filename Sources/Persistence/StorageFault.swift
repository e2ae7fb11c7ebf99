import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A write the storage underneath refused (issue 17 item 4; docs/reliability.md "Faults"): the
/// disk is full, or it failed (EIO). Classified here, where the drivers' error types are known, so
/// that the HTTP edge answers `507` or `503` with a detail that tells the client what happened,
/// instead of a bare `500`. Found by injecting `ENOSPC` and `EIO` into `fsync`, `write`,
/// `pwrite64` and `link` of a running server with strace, and by a full tmpfs data directory.
public enum StorageFault: Equatable, Sendable {
    /// No space left (`ENOSPC`, `EDQUOT`, SQLite's `SQLITE_FULL`, PostgreSQL's class 53 `disk_full`).
    case full
    /// The storage failed the operation (`EIO` and the other I/O errors; SQLite's `SQLITE_IOERR_*`,
    /// PostgreSQL's `58030 io_error`).
    case failed

    /// The fault `error` reports, or nil for every other error.
    public init?(_ error: any Error) {
        switch error {
        case let blob as BlobStoreError:
            guard case .io(_, let code) = blob else { return nil }
            self.init(errno: code)
        case let io as IOError:
            self.init(errno: io.errnoCode)
        case let sqlite as SQLiteError:
            guard let fault = StorageFault(sqliteReason: sqlite.reason) else { return nil }
            self = fault
        case let postgres as PSQLError:
            guard let state = postgres.serverInfo?[.sqlState], let fault = StorageFault(sqlState: state) else { return nil }
            self = fault
        default:
            return nil
        }
    }

    /// From an errno of a failed system call: `ENOSPC`/`EDQUOT` is a full disk; `EIO` (and the
    /// other errors of a storage device: `EROFS`, `ENXIO`) a failed one; anything else is not a
    /// storage fault (a programming error stays a 500).
    public init?(errno code: Int32) {
        switch code {
        case ENOSPC, EDQUOT: self = .full
        case EIO, EROFS, ENXIO: self = .failed
        default: return nil
        }
    }

    /// SQLite: `SQLITE_FULL` (SQLite's own answer to `ENOSPC` from a write) and every `SQLITE_IOERR`.
    public init?(sqliteReason reason: SQLiteError.Reason) {
        if case .full = reason {
            self = .full
        } else if String(describing: reason).hasPrefix("ioError") {
            self = .failed
        } else {
            return nil
        }
    }

    /// PostgreSQL SQLSTATE: `53100` disk_full, `58030` io_error.
    public init?(sqlState: String) {
        switch sqlState {
        case "53100": self = .full
        case "58030": self = .failed
        default: return nil
        }
    }
}
