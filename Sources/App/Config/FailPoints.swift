import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Test-only places where the server can be made to fail on purpose, to prove what a crash at that
/// exact moment leaves behind (issue 17 item 4: "a test that kills the server between the blob's
/// rename and the record's commit"). Never set in production: `LAWTRAIL_TEST_FAIL_POINT` is read
/// once by `AppConfig.resolve` and documented in docs/reliability.md as a test switch only.
public struct FailPoints: Sendable {
    /// Called after an upload's blob is in `blobs/` and before its record and `record.ingested`
    /// event commit. Throwing stops the completion there (in-process tests); the environment switch
    /// ends the process instead, as a kill would.
    public var afterUploadBlob: (@Sendable () throws -> Void)?

    public init(afterUploadBlob: (@Sendable () throws -> Void)? = nil) {
        self.afterUploadBlob = afterUploadBlob
    }

    /// The names `LAWTRAIL_TEST_FAIL_POINT` takes.
    public static let names = ["upload-after-blob"]

    /// The fail points a `LAWTRAIL_TEST_FAIL_POINT` value turns on: `upload-after-blob` makes the
    /// process `_exit(86)` at that moment, with no clean-up, no flush and no answer to the client.
    public static func named(_ name: String) -> FailPoints? {
        switch name {
        case "upload-after-blob":
            FailPoints(afterUploadBlob: {
                FileHandle.standardError.write(Data("fail point upload-after-blob: exiting\n".utf8))
                _exit(86)
            })
        default:
            nil
        }
    }
}
