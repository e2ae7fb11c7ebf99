import Foundation
import Ledger

/// The ledger event of a fixity audit (issue 14 item 4; SPEC R9.3, X3; docs/ledger-format.md).
extension DomainEvents {
    /// `fixity.checked`: one batch of an audit cycle — which digests it covered (after `after`, up
    /// to and including `cursor`), how many blobs and bytes it re-hashed, and each failure with the
    /// records and correction requests that hold the blob. Digests and opaque ids only: the leaf is
    /// public. `at` is when the batch finished.
    public static func fixityChecked(_ batch: FixityBatch) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "cycleId": .string(batch.cycleID.uuidString.lowercased()),
            "batch": .integer(Int64(batch.batch)),
            "blobsChecked": .integer(Int64(batch.blobsChecked)),
            "bytesChecked": .integer(batch.bytesChecked),
            "failed": .integer(Int64(batch.failures.count)),
            "cycleComplete": .bool(batch.completesCycle),
            "failures": .array(batch.failures.map { failure in
                var item: [String: JSONValue] = [
                    "blobSha256": .string(failure.blobSHA256),
                    "problem": .string(failure.problem.rawValue),
                    "recordIds": .array(failure.recordIDs.map { .string($0.uuidString.lowercased()) }),
                    "correctionRequestIds": .array(failure.correctionRequestIDs.map { .string($0.uuidString.lowercased()) }),
                ]
                if let actual = failure.actualSHA256 { item["actualSha256"] = .string(actual) }
                return .object(item)
            }),
        ]
        if let after = batch.after { fields["after"] = .string(after) }
        if let cursor = batch.cursor { fields["cursor"] = .string(cursor) }
        return try LedgerEvent(type: "fixity.checked", at: batch.finishedAt, fields: fields)
    }
}
