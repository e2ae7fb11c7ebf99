import Domain
import FluentKit
import Foundation
import Ledger
import Persistence
import ZIPFoundation

/// 结案 and 归档 (issue 14 item 2; SPEC R10, R11, X3): closing a case, and building, checking and
/// accepting its electronic archive package — a BagIt 1.0 bag as a directory and as one ZIP.
///
/// Building streams every file (copy while hashing, 1 MiB at a time) and the ZIP stores media
/// uncompressed (ZIP64 when needed), so memory does not grow with the size of the case. The bag is
/// built under `archives/.staging/<package id>/`, checked (`FourPropertiesCheck`), and only then
/// renamed into `archives/<package id>/bag/` and `archives/<package id>.zip`; a refused package
/// leaves nothing behind and nothing is marked archived.
public struct ArchiveService: Sendable {
    /// Where packages live and what they are checked against.
    public struct Setup: Sendable {
        public let blobs: any BlobStore
        /// `<data>/archives`.
        public let archives: URL
        /// The ledger's checkpoint verifier (the key `GET /ledger/key` serves).
        public let verifier: NoteVerifier

        public init(blobs: any BlobStore, archives: URL, verifier: NoteVerifier) {
            self.blobs = blobs
            self.archives = archives
            self.verifier = verifier
        }

        public func bagDirectory(_ packageID: UUID) -> URL {
            archives.appendingPathComponent(packageID.uuidString.lowercased(), isDirectory: true)
                .appendingPathComponent("bag", isDirectory: true)
        }

        public func zipFile(_ packageID: UUID) -> URL {
            archives.appendingPathComponent(packageID.uuidString.lowercased() + ".zip")
        }

        var staging: URL { archives.appendingPathComponent(".staging", isDirectory: true) }
    }

    let context: ServiceContext
    let setup: Setup

    public init(_ context: ServiceContext, setup: Setup) {
        self.context = context
        self.setup = setup
    }

    var queries: ArchiveQueries { ArchiveQueries(database: context.database) }
    var store: ArchiveStore { ArchiveStore(ledger: context.ledger) }

    // MARK: Closing

    /// 结案: refused as a conflict when already closed, as invalid for a date in the future or before
    /// the case was opened, or without a summary (every problem at once).
    public func close(_ caseID: UUID, closedOn: String?, summary: String?, by staff: StaffMember) async throws -> (closure: CaseClosure, ledgerIndex: UInt64) {
        let enforcementCase = try await CaseService(context).enforcementCase(caseID)
        if try await queries.closure(caseID) != nil { throw Self.alreadyClosed }
        let problems = CaseClosing.problems(closedOn: closedOn, summary: summary, openedOn: enforcementCase.openedOn, today: context.clock.today)
        guard problems.isEmpty, let date = closedOn.flatMap({ CivilDate(iso: $0.trimmingCharacters(in: .whitespaces)) }) else {
            throw ServiceRefusal.invalid("invalid-closing", "结案信息有误，请按提示修改。", errors: problems)
        }
        let closure = CaseClosure(
            caseID: caseID, closedOn: date, summary: (summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            closedBy: staff.id, closedAt: context.clock.nowMilliseconds)
        do {
            return (closure, try await store.close(closure, at: context.clock.nowSeconds))
        } catch ArchiveStoreError.alreadyClosed {
            throw Self.alreadyClosed
        }
    }

    public func closure(_ caseID: UUID) async throws -> CaseClosure? {
        try await queries.closure(caseID)?.closure
    }

    static let alreadyClosed = ServiceRefusal(.conflict, type: "case-already-closed", detail: "该案件已经结案，不能重复结案。")

    // MARK: Archiving

    /// The security class a case's package needs at least: from the markings in force of its records.
    public func requiredSecurityClass(_ caseID: UUID) async throws -> SecurityClass {
        let records = try await RecordModel.query(on: context.database).filter(\.$caseID == caseID).all().map { try $0.domain() }
        let review = SensitivityReviewService(context)
        var markings: [Sensitivity] = []
        for record in records { markings.append(try await review.effectiveSensitivity(record)) }
        return SecurityClass.required(by: markings)
    }

    /// Builds, checks and accepts the archive package of a closed case. `securityClass` nil means
    /// the default (`requiredSecurityClass`).
    public func archive(
        _ caseID: UUID, period: RetentionPeriod, securityClass chosen: SecurityClass?, by staff: StaffMember
    ) async throws -> CaseArchive {
        let enforcementCase = try await CaseService(context).enforcementCase(caseID)
        guard let closure = try await queries.closure(caseID)?.closure else {
            throw ServiceRefusal(.conflict, type: "case-not-closed", detail: "案件尚未结案，结案后才能归档。")
        }
        if try await queries.isArchived(caseID) { throw Self.alreadyArchived }

        let db = context.database
        let records = try await RecordModel.query(on: db).filter(\.$caseID == caseID).sort(\.$createdAt).all().map { try $0.domain() }
        let review = SensitivityReviewService(context)
        var markings: [UUID: Sensitivity] = [:]
        for record in records { markings[record.id] = try await review.effectiveSensitivity(record) }
        let required = SecurityClass.required(by: markings.values)
        let securityClass = chosen ?? required
        if securityClass < required {
            throw ServiceRefusal.invalid(
                "security-class-too-low", "本案记录的涉密标记要求密级至少为\(required.chineseName)。",
                errors: ["securityClass": "不能低于\(required.chineseName)"])
        }

        let today = context.clock.today
        let fonds = context.bureau.uscc
        let series = ArchivalCode.series(fonds: fonds, year: closure.closedOn.year, period: period)
        let code = ArchivalCode(fonds: fonds, year: closure.closedOn.year, period: period, item: try await queries.nextItemNumber(series: series))
        let packageID = UUID()
        let staging = setup.staging.appendingPathComponent(packageID.uuidString.lowercased(), isDirectory: true)
        let bag = staging.appendingPathComponent("bag", isDirectory: true)
        let zip = staging.appendingPathComponent("package.zip")
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: bag, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        // The checkpoint every proof is made against: the latest, which covers every record event
        // (an append returns only once its batch and checkpoint are stored).
        let reader = LedgerReader(database: db)
        guard let checkpoint = try await reader.latestCheckpoint() else {
            throw ServiceRefusal(.conflict, type: "ledger-empty", detail: "账本为空，无法归档。")
        }
        var files: [ArchiveMetadata.File] = []
        func add(_ path: String, role: String, record: UUID?, format: String, _ fixity: Fixity) {
            files.append(.init(path: path, role: role, recordId: record?.uuidString.lowercased(), format: format, fixity: fixity))
        }
        add(ArchivePackageLayout.checkpoint, role: "checkpoint", record: nil, format: "text/plain",
            try PackageFiles.write(Data(checkpoint.note.utf8), to: bag.appendingPathComponent(ArchivePackageLayout.checkpoint)))
        add(ArchivePackageLayout.verifierKey, role: "key", record: nil, format: "text/plain",
            try PackageFiles.write(Data((setup.verifier.verifierKey + "\n").utf8), to: bag.appendingPathComponent(ArchivePackageLayout.verifierKey)))

        var items: [ArchiveMetadata.Item] = []
        var expected: [ArchiveExpectation.ExpectedRecord] = []
        for record in records {
            let contentSha256 = try DomainEvents.contentDigest(record.canonicalContent)
            expected.append(.init(
                id: record.id, kind: record.kind, contentSha256: contentSha256, blobSha256: record.blobSHA256,
                mimeType: record.mimeType, sensitivity: markings[record.id] ?? record.sensitivity))
            let contentBytes = Data(try CanonicalJSON.encode(record.canonicalContent))
            add(ArchivePackageLayout.content(record.id), role: "record", record: record.id, format: "application/json",
                try PackageFiles.write(contentBytes, to: bag.appendingPathComponent(ArchivePackageLayout.content(record.id))))
            var title = record.kind.chineseName
            if let blob = record.blobSHA256 {
                let format = record.mimeType.flatMap(FourPropertiesCheck.format(forMIME:))
                let path = ArchivePackageLayout.media(record.id, format: format)
                // A missing blob is left for the check to name (完整性), not thrown here.
                if let copied = try await PackageFiles.copy(blob, from: setup.blobs, to: bag.appendingPathComponent(path)) {
                    add(path, role: "media", record: record.id, format: record.mimeType ?? "application/octet-stream", copied)
                }
            } else {
                let rendition = DocumentRendition.fields(of: record)
                title = rendition.title
                let html = DocumentRendition.html(
                    title: rendition.title, bureau: context.bureau.name, caseNumber: enforcementCase.number, fields: rendition.fields)
                add(ArchivePackageLayout.rendition(record.id), role: "rendition", record: record.id, format: "text/html",
                    try PackageFiles.write(Data(html.utf8), to: bag.appendingPathComponent(ArchivePackageLayout.rendition(record.id))))
            }
            var ledgerIndex: UInt64 = 0
            if let event = try await queries.recordEvent(record.id), event.index < checkpoint.treeSize {
                ledgerIndex = event.index
                let proof = try await MerkleProofs.inclusionProof(index: event.index, size: checkpoint.treeSize, source: reader)
                let bundle = try ProofBundle(
                    checkpoint: checkpoint.note, index: event.index, leaf: Array(event.leaf), inclusionProof: proof,
                    content: record.canonicalContent)
                add(ArchivePackageLayout.proof(record.id), role: "proof", record: record.id, format: "application/json",
                    try PackageFiles.write(bundle.encoded(), to: bag.appendingPathComponent(ArchivePackageLayout.proof(record.id))))
            }
            items.append(.init(
                recordId: record.id.uuidString.lowercased(), kind: record.kind.rawValue, kindName: record.kind.chineseName, title: title,
                ledgerIndex: ledgerIndex, supersedes: record.supersedes?.uuidString.lowercased(),
                sensitivity: (markings[record.id] ?? record.sensitivity).rawValue))
        }
        files.sort { $0.path < $1.path }

        let unit = try await UnitModel.find(enforcementCase.unitID, on: db)?.name
        let metadata = ArchiveMetadata(
            packageId: packageID.uuidString.lowercased(), caseId: caseID.uuidString.lowercased(), archivalCode: code,
            title: enforcementCase.title, caseNumber: enforcementCase.number, creator: context.bureau.name,
            archivingUnit: context.bureau.name + (unit.map { "（\($0)）" } ?? ""),
            dateRange: .init(start: enforcementCase.openedOn.description, end: closure.closedOn.description),
            archivedOn: today, securityClass: securityClass, closingSummary: closure.summary, items: items, files: files,
            ledgerCheckpoint: .init(
                origin: (try? Checkpoint.open(checkpoint.note, verifiers: [setup.verifier]).origin) ?? setup.verifier.name,
                treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash.hex))

        // Tag files: declaration, metadata, payload manifests, bag-info.
        try PackageFiles.write(Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8), to: bag.appendingPathComponent(ArchivePackageLayout.bagitDeclaration))
        try PackageFiles.write(metadata.encoded(), to: bag.appendingPathComponent(ArchivePackageLayout.metadata))
        for algorithm in ArchivePackageLayout.algorithms {
            let lines = files.map { file in
                ArchivePackageLayout.manifestLine(digest: algorithm == "sha256" ? file.sha256 : (file.sm3 ?? ""), path: file.path)
            }.joined()
            try PackageFiles.write(Data(lines.utf8), to: bag.appendingPathComponent(ArchivePackageLayout.manifest(algorithm)))
        }
        let payloadBytes = files.map(\.byteCount).reduce(0, +)
        let bagInfo = """
            Source-Organization: \(context.bureau.name)
            Organization-Address: \(context.bureau.uscc)
            Contact-Name: \(Self.officeName)
            External-Description: \(enforcementCase.number) \(enforcementCase.title)
            External-Identifier: \(code)
            Internal-Sender-Identifier: \(packageID.uuidString.lowercased())
            Bagging-Date: \(today.description)
            Payload-Oxum: \(payloadBytes).\(files.count)
            Bag-Size: \(Self.bagSize(payloadBytes))
            Bag-Group-Identifier: \(caseID.uuidString.lowercased())

            """
        try PackageFiles.write(Data(bagInfo.utf8), to: bag.appendingPathComponent(ArchivePackageLayout.bagInfo))

        // 四性检测 before acceptance (DA/T 70-2018).
        let report = FourPropertiesCheck.run(
            DirectoryPackageReader(root: bag),
            expecting: ArchiveExpectation(records: expected, verifier: setup.verifier, securityClass: securityClass),
            at: context.clock.now)
        guard report.passed else {
            var errors: [String: String] = [:]
            for property in report.properties where !property.passed {
                errors[property.key] = property.checks.filter { !$0.passed }.map { "\($0.label)：\($0.detail ?? "")" }.joined(separator: "；")
            }
            throw ServiceRefusal.invalid(
                "four-properties-failed", "四性检测未通过，未归档：" + report.failureSummary, errors: errors)
        }
        try PackageFiles.write(report.encoded(), to: bag.appendingPathComponent(ArchivePackageLayout.report))

        // Tag manifests last: they cover every tag file, the report included.
        var tagManifestSha256 = ""
        let tagFiles = [ArchivePackageLayout.bagitDeclaration, ArchivePackageLayout.bagInfo, ArchivePackageLayout.metadata,
                        ArchivePackageLayout.report] + ArchivePackageLayout.algorithms.map(ArchivePackageLayout.manifest)
        let tagFixity = try tagFiles.map { ($0, try PackageFiles.fixity(of: bag.appendingPathComponent($0))) }
        for algorithm in ArchivePackageLayout.algorithms {
            let lines = tagFixity.map { path, fixity in
                ArchivePackageLayout.manifestLine(digest: algorithm == "sha256" ? fixity.sha256 : (fixity.sm3 ?? ""), path: path)
            }.joined()
            let written = try PackageFiles.write(Data(lines.utf8), to: bag.appendingPathComponent(ArchivePackageLayout.tagManifest(algorithm)))
            if algorithm == "sha256" { tagManifestSha256 = written.sha256 }
        }

        // The same bag as one ZIP, under a folder named by the package id.
        try Self.zip(bag, into: zip, folder: packageID.uuidString.lowercased())
        // Owner-only, as every file of the data directory (issue 12 item 12).
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: zip.path)
        let zipFixity = try PackageFiles.fixity(of: zip)

        // The archive period lengthens the records' retention class (30 years, permanent): their
        // blobs' Object Locks are lengthened first, as a lock can only grow (SPEC R10; issue 17).
        let retention = RetentionService(context, blobs: setup.blobs)
        for record in records where record.blobSHA256 != nil {
            try await retention.extendLock(of: record.id, archive: (period, closure.closedOn))
        }

        // Into place, then on the ledger; a refusal there takes the files away again.
        let finalBag = setup.bagDirectory(packageID)
        let finalZip = setup.zipFile(packageID)
        try FileManager.default.createDirectory(at: finalBag.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.moveItem(at: bag, to: finalBag)
        try FileManager.default.moveItem(at: zip, to: finalZip)
        var archive = CaseArchive(
            packageID: packageID, caseID: caseID, retentionPeriod: period, securityClass: securityClass, archivalCode: code.description,
            archivedOn: today, archivedBy: staff.id, archivedAt: context.clock.nowMilliseconds, zipFixity: zipFixity,
            tagManifestSha256: tagManifestSha256, payloadManifestSha256: report.payloadManifestSha256 ?? "",
            recordCount: records.count, report: report)
        do {
            archive.ledgerIndex = try await store.archive(archive, at: context.clock.nowSeconds)
            return archive
        } catch {
            try? FileManager.default.removeItem(at: finalBag.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: finalZip)
            switch error {
            case ArchiveStoreError.alreadyArchived: throw Self.alreadyArchived
            case ArchiveStoreError.notClosed: throw ServiceRefusal(.conflict, type: "case-not-closed", detail: "案件尚未结案，结案后才能归档。")
            case ArchiveStoreError.recordsChanged, ArchiveStoreError.archivalCodeTaken:
                throw ServiceRefusal(.conflict, type: "archive-changed", detail: "归档期间案件记录或档号有变化，请重新归档。")
            default: throw error
            }
        }
    }

    static let alreadyArchived = ServiceRefusal(.conflict, type: "case-already-archived", detail: "该案件已经归档。")
    static let officeName = "办公室（档案）"

    /// Writes the bag into a ZIP: media stored uncompressed, tag files and JSON deflated, in
    /// streaming chunks; ZIPFoundation switches to ZIP64 for entries or offsets past 4 GiB.
    public static func zip(_ bag: URL, into zip: URL, folder: String) throws {
        let archive = try Archive(url: zip, accessMode: .create)
        let entries = try DirectoryPackageReader(root: bag).entries().filter { $0.kind == .file }.map(\.path).sorted()
        for path in entries {
            let compress = path.hasSuffix(".json") || path.hasSuffix(".txt") || path.hasSuffix(".html")
            try archive.addEntry(
                with: folder + "/" + path, fileURL: bag.appendingPathComponent(path),
                compressionMethod: compress ? .deflate : .none, bufferSize: PackageFiles.chunk)
        }
    }

    static func bagSize(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    // MARK: Reading

    public func archive(caseID: UUID) async throws -> CaseArchive? {
        try await queries.archive(caseID: caseID)
    }

    public func package(_ packageID: UUID) async throws -> CaseArchive {
        guard let found = try await queries.archive(packageID: packageID) else { throw ServiceRefusal.notFound("档案包不存在。") }
        return found
    }
}

extension ServiceRefusal {
    /// A record refused because its case is archived (SPEC R10), for every door that creates records.
    public static let caseArchived = ServiceRefusal(
        .conflict, type: "case-archived", detail: "该案件已经归档，不能再添加或更正记录资料。")
}
