import Foundation
import Ledger

/// The ledger events of closing and archiving a case (issue 14 item 2; SPEC R10, R11, X3).
extension DomainEvents {
    /// 结案: the case id, the civil date it was closed on, and the digest of the closure's content
    /// (the summary may name people, so it stays in the database).
    public static func caseClosed(_ closure: CaseClosure, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "case.closed", at: at, fields: [
            "caseId": .string(closure.caseID.uuidString.lowercased()),
            "closedOn": .string(closure.closedOn.description),
            "contentSha256": .string(try contentDigest(closure.canonicalContent)),
        ])
    }

    /// 归档: an archive package accepted after its 四性检测, with the digests anyone holding the
    /// package can recompute: the ZIP file's SHA-256 (and SM3 when built with it), the bag's
    /// `tagmanifest-sha256.txt` and `manifest-sha256.txt`, and its size.
    public static func archivePackaged(_ archive: CaseArchive, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "packageId": .string(archive.packageID.uuidString.lowercased()),
            "caseId": .string(archive.caseID.uuidString.lowercased()),
            "archivalCode": .string(archive.archivalCode),
            "retentionPeriod": .string(archive.retentionPeriod.rawValue),
            "archivedOn": .string(archive.archivedOn.description),
            "zipSha256": .string(archive.zipFixity.sha256),
            "zipBytes": .integer(archive.zipFixity.byteCount),
            "tagManifestSha256": .string(archive.tagManifestSha256),
            "payloadManifestSha256": .string(archive.payloadManifestSha256),
            "recordCount": .integer(Int64(archive.recordCount)),
        ]
        if let sm3 = archive.zipFixity.sm3 { fields["zipSm3"] = .string(sm3) }
        return try LedgerEvent(type: "archive.packaged", at: at, fields: fields)
    }
}

/// One accepted archive package of a case (`case_archives`): insert-only, one per case.
public struct CaseArchive: Hashable, Sendable {
    public var packageID: UUID
    public var caseID: UUID
    public var retentionPeriod: RetentionPeriod
    public var securityClass: SecurityClass
    public var archivalCode: String
    public var archivedOn: CivilDate
    public var archivedBy: UUID
    public var archivedAt: Date
    public var zipFixity: Fixity
    public var tagManifestSha256: String
    public var payloadManifestSha256: String
    public var recordCount: Int
    /// The 四性检测 report, as kept in the package.
    public var report: FourPropertiesReport
    /// Set once stored: the index of its `archive.packaged` event.
    public var ledgerIndex: UInt64?

    public init(
        packageID: UUID, caseID: UUID, retentionPeriod: RetentionPeriod, securityClass: SecurityClass, archivalCode: String,
        archivedOn: CivilDate, archivedBy: UUID, archivedAt: Date, zipFixity: Fixity, tagManifestSha256: String,
        payloadManifestSha256: String, recordCount: Int, report: FourPropertiesReport, ledgerIndex: UInt64? = nil
    ) {
        self.packageID = packageID
        self.caseID = caseID
        self.retentionPeriod = retentionPeriod
        self.securityClass = securityClass
        self.archivalCode = archivalCode
        self.archivedOn = archivedOn
        self.archivedBy = archivedBy
        self.archivedAt = archivedAt
        self.zipFixity = zipFixity
        self.tagManifestSha256 = tagManifestSha256
        self.payloadManifestSha256 = payloadManifestSha256
        self.recordCount = recordCount
        self.report = report
        self.ledgerIndex = ledgerIndex
    }
}
