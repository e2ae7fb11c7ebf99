import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Why a closing or an archive was not stored; the service turns each into its refusal.
public enum ArchiveStoreError: Error, Equatable, Sendable {
    case alreadyClosed
    case notClosed
    case alreadyArchived
    /// A record was added to the case after the package was built: build it again.
    case recordsChanged(expected: Int, found: Int)
    /// A record was to be added to an archived case (SPEC R10: the archive is complete).
    case caseArchived
    /// The 档号 was taken by a package stored meanwhile: build it again.
    case archivalCodeTaken
}

/// Stores case closures and archive packages with their ledger events, in one transaction each
/// (issue 14 item 2; SPEC R10, X3). Nothing here updates or deletes a row.
public struct ArchiveStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Closes a case: the `case_closures` row and its `case.closed` event; refused when closed.
    @discardableResult
    public func close(_ closure: CaseClosure, at: Date) async throws -> UInt64 {
        let event = try DomainEvents.caseClosed(closure, at: at)
        let indexes = try await ledger.append([event], indexedWork: { db, index in
            let sql = db as! any SQLDatabase
            if try await ArchiveQueries(database: db).closure(closure.caseID) != nil { throw ArchiveStoreError.alreadyClosed }
            try await sql.insert(into: "case_closures")
                .columns("case_id", "closed_on", "summary", "closed_by", "closed_at", "ledger_index")
                .values(SQLBind(closure.caseID.uuidString.lowercased()), SQLBind(closure.closedOn.description), SQLBind(closure.summary),
                        SQLBind(closure.closedBy.uuidString.lowercased()), SQLBind(closure.closedAt.unixMilliseconds), SQLBind(Int64(index)))
                .run()
        })
        return indexes[0]
    }

    /// Stores an accepted package: the `case_archives` row and its `archive.packaged` event. In the
    /// ledger's transaction (which serialises every write) it checks again that the case is closed
    /// and not archived, that the case still has `recordCount` records, and that the 档号 is free.
    @discardableResult
    public func archive(_ archive: CaseArchive, at: Date) async throws -> UInt64 {
        let event = try DomainEvents.archivePackaged(archive, at: at)
        let report = String(decoding: archive.report.encoded(), as: UTF8.self)
        let indexes = try await ledger.append([event], indexedWork: { db, index in
            let sql = db as! any SQLDatabase
            let queries = ArchiveQueries(database: db)
            guard try await queries.closure(archive.caseID) != nil else { throw ArchiveStoreError.notClosed }
            if try await queries.isArchived(archive.caseID) { throw ArchiveStoreError.alreadyArchived }
            let found = try await RecordModel.query(on: db).filter(\.$caseID == archive.caseID).count()
            guard found == archive.recordCount else { throw ArchiveStoreError.recordsChanged(expected: archive.recordCount, found: found) }
            if try await sql.raw("SELECT 1 AS one FROM case_archives WHERE archival_code = \(bind: archive.archivalCode)").first() != nil {
                throw ArchiveStoreError.archivalCodeTaken
            }
            try await sql.insert(into: "case_archives")
                .columns("package_id", "case_id", "retention_period", "security_class", "archival_code", "archived_on", "archived_by",
                         "archived_at", "zip_sha256", "zip_sm3", "zip_bytes", "tag_manifest_sha256", "payload_manifest_sha256",
                         "record_count", "report", "ledger_index")
                .values(SQLBind(archive.packageID.uuidString.lowercased()), SQLBind(archive.caseID.uuidString.lowercased()),
                        SQLBind(archive.retentionPeriod.rawValue), SQLBind(archive.securityClass.rawValue), SQLBind(archive.archivalCode),
                        SQLBind(archive.archivedOn.description), SQLBind(archive.archivedBy.uuidString.lowercased()),
                        SQLBind(archive.archivedAt.unixMilliseconds), SQLBind(archive.zipFixity.sha256), SQLBind(archive.zipFixity.sm3),
                        SQLBind(archive.zipFixity.byteCount), SQLBind(archive.tagManifestSha256), SQLBind(archive.payloadManifestSha256),
                        SQLBind(Int64(archive.recordCount)), SQLBind(report), SQLBind(Int64(index)))
                .run()
        })
        return indexes[0]
    }
}

/// Read side of closures and archives: the archive desk, the record guard, and the lead's
/// retention work (`archivedPeriod(caseID:)`).
public struct ArchiveQueries: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public init(database: any Database) {
        self.db = database
    }

    public struct ClosureRow: Sendable, Hashable {
        public var closure: CaseClosure
        public var ledgerIndex: UInt64
    }

    public func closure(_ caseID: UUID) async throws -> ClosureRow? {
        try await sql.raw("""
            SELECT case_id, closed_on, summary, closed_by, closed_at, ledger_index FROM case_closures
            WHERE case_id = \(bind: caseID.uuidString.lowercased())
            """).first().map(Self.closure(from:))
    }

    public func isArchived(_ caseID: UUID) async throws -> Bool {
        try await sql.raw("SELECT 1 AS one FROM case_archives WHERE case_id = \(bind: caseID.uuidString.lowercased())").first() != nil
    }

    /// The retention period and archiving day of an archived case (nil when not archived), for the
    /// retention calendar and disposal (issue 14 items 1 and 3).
    public func archivedPeriod(caseID: UUID) async throws -> (period: RetentionPeriod, archivedOn: CivilDate)? {
        guard let archive = try await archive(caseID: caseID) else { return nil }
        return (archive.retentionPeriod, archive.archivedOn)
    }

    public func archive(caseID: UUID) async throws -> CaseArchive? {
        try await sql.raw("SELECT * FROM case_archives WHERE case_id = \(bind: caseID.uuidString.lowercased())").first().map(Self.archive(from:))
    }

    public func archive(packageID: UUID) async throws -> CaseArchive? {
        try await sql.raw("SELECT * FROM case_archives WHERE package_id = \(bind: packageID.uuidString.lowercased())").first().map(Self.archive(from:))
    }

    /// Archived packages, newest first, `limit` from `offset`, and how many there are.
    public func archives(offset: Int, limit: Int) async throws -> (rows: [CaseArchive], total: Int) {
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM case_archives").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT * FROM case_archives ORDER BY archived_at DESC, package_id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map(Self.archive(from:))
        return (rows, total)
    }

    /// Closed cases without an archive package, latest closing first.
    public func closedNotArchived() async throws -> [ClosureRow] {
        try await sql.raw("""
            SELECT case_id, closed_on, summary, closed_by, closed_at, ledger_index FROM case_closures
            WHERE case_id NOT IN (SELECT case_id FROM case_archives) ORDER BY closed_on DESC, closed_at DESC
            """).all().map(Self.closure(from:))
    }

    /// The next 件号 in a 档号 series (`ArchivalCode.series`).
    public func nextItemNumber(series: String) async throws -> Int {
        let codes = try await sql.raw("SELECT archival_code FROM case_archives WHERE archival_code LIKE \(bind: series + "%")").all()
            .map { try $0.decode(column: "archival_code", as: String.self) }
        return (codes.compactMap { Int($0.dropFirst(series.count)) }.max() ?? 0) + 1
    }

    /// The ledger entry of a record's `record.ingested` (or `record.corrected`) event: found by the
    /// record id's exact bytes in the canonical leaf, which has no white space.
    public func recordEvent(_ recordID: UUID) async throws -> (index: UInt64, leaf: Data)? {
        let needle = Data("\"recordId\":\"\(recordID.uuidString.lowercased())\"".utf8)
        let match: SQLQueryString = sql.dialect.name == "postgresql"
            ? "position(\(bind: needle) in leaf) > 0" : "instr(leaf, \(bind: needle)) > 0"
        let row = try await sql.raw("""
            SELECT idx, leaf FROM ledger_entries WHERE event_type IN ('record.ingested', 'record.corrected') AND \(match)
            ORDER BY idx LIMIT 1
            """).first()
        guard let row else { return nil }
        return (UInt64(try row.decode(column: "idx", as: Int64.self)), try row.decode(column: "leaf", as: Data.self))
    }

    static func closure(from row: any SQLRow) throws -> ClosureRow {
        let caseText = try row.decode(column: "case_id", as: String.self)
        let byText = try row.decode(column: "closed_by", as: String.self)
        guard let caseID = UUID(uuidString: caseText), let by = UUID(uuidString: byText),
              let closedOn = CivilDate(iso: try row.decode(column: "closed_on", as: String.self)) else {
            throw PersistenceError.corruptRow(table: "case_closures", detail: caseText)
        }
        return ClosureRow(
            closure: CaseClosure(
                caseID: caseID, closedOn: closedOn, summary: try row.decode(column: "summary", as: String.self), closedBy: by,
                closedAt: Date(unixMilliseconds: try row.decode(column: "closed_at", as: Int64.self))),
            ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
    }

    static func archive(from row: any SQLRow) throws -> CaseArchive {
        let packageText = try row.decode(column: "package_id", as: String.self)
        guard let packageID = UUID(uuidString: packageText),
              let caseID = UUID(uuidString: try row.decode(column: "case_id", as: String.self)),
              let period = RetentionPeriod(rawValue: try row.decode(column: "retention_period", as: String.self)),
              let securityClass = SecurityClass(rawValue: try row.decode(column: "security_class", as: String.self)),
              let archivedOn = CivilDate(iso: try row.decode(column: "archived_on", as: String.self)),
              let by = UUID(uuidString: try row.decode(column: "archived_by", as: String.self)),
              let report = try? JSONDecoder().decode(FourPropertiesReport.self, from: Data(try row.decode(column: "report", as: String.self).utf8)) else {
            throw PersistenceError.corruptRow(table: "case_archives", detail: packageText)
        }
        return CaseArchive(
            packageID: packageID, caseID: caseID, retentionPeriod: period, securityClass: securityClass,
            archivalCode: try row.decode(column: "archival_code", as: String.self), archivedOn: archivedOn, archivedBy: by,
            archivedAt: Date(unixMilliseconds: try row.decode(column: "archived_at", as: Int64.self)),
            zipFixity: Fixity(
                sha256: try row.decode(column: "zip_sha256", as: String.self), sm3: try row.decode(column: "zip_sm3", as: String?.self),
                byteCount: try row.decode(column: "zip_bytes", as: Int64.self)),
            tagManifestSha256: try row.decode(column: "tag_manifest_sha256", as: String.self),
            payloadManifestSha256: try row.decode(column: "payload_manifest_sha256", as: String.self),
            recordCount: Int(try row.decode(column: "record_count", as: Int64.self)), report: report,
            ledgerIndex: UInt64(try row.decode(column: "ledger_index", as: Int64.self)))
    }
}
