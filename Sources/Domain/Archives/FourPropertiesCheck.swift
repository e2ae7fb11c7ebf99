import Foundation
import Ledger

/// What the 四性检测 reads of a package: its entries and their bytes. The builder passes the bag on
/// disk; tests pass one in memory, so the rules are tested without a database or a file system.
public protocol ArchivePackageReader {
    /// Every entry under the bag's root, as a relative path with `/` separators.
    func entries() throws -> [ArchivePackageEntry]
    /// Both digests and the length of a file, read by streaming.
    func fixity(of path: String) throws -> Fixity
    /// The first `count` bytes of a file (or the whole file when shorter).
    func prefix(of path: String, count: Int) throws -> [UInt8]
    /// A small file's bytes (tag files, JSON, HTML).
    func contents(of path: String) throws -> Data
}

public struct ArchivePackageEntry: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case file, directory, symbolicLink, other
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// What the ledger and the database say the package must hold.
public struct ArchiveExpectation: Sendable {
    public struct ExpectedRecord: Hashable, Sendable {
        public var id: UUID
        public var kind: Record.Kind
        public var contentSha256: String
        public var blobSha256: String?
        public var mimeType: String?
        public var sensitivity: Sensitivity

        public init(id: UUID, kind: Record.Kind, contentSha256: String, blobSha256: String?, mimeType: String?, sensitivity: Sensitivity) {
            self.id = id
            self.kind = kind
            self.contentSha256 = contentSha256
            self.blobSha256 = blobSha256
            self.mimeType = mimeType
            self.sensitivity = sensitivity
        }
    }

    public var records: [ExpectedRecord]
    public var verifier: NoteVerifier
    public var securityClass: SecurityClass

    public init(records: [ExpectedRecord], verifier: NoteVerifier, securityClass: SecurityClass) {
        self.records = records
        self.verifier = verifier
        self.securityClass = securityClass
    }
}

/// The 四性检测 report (DA/T 70-2018 《文书类电子档案检测一般要求》): 真实性, 完整性, 可用性, 安全性,
/// each a list of checks with its result. Kept in the package as `metadata/four-properties-report.json`.
public struct FourPropertiesReport: Hashable, Sendable, Codable {
    public static let currentFormat = "lawtrail-four-properties/1"

    public struct Check: Hashable, Sendable, Codable {
        public var key: String
        public var label: String
        public var passed: Bool
        /// Why it failed (the first problems), or nil.
        public var detail: String?
    }

    public struct Property: Hashable, Sendable, Codable {
        /// `authenticity`, `integrity`, `usability`, `security`.
        public var key: String
        /// 真实性, 完整性, 可用性, 安全性.
        public var label: String
        public var passed: Bool
        public var checks: [Check]
    }

    public var format = FourPropertiesReport.currentFormat
    public var standard = "DA/T 70-2018"
    public var checkedAt: String
    public var passed: Bool
    public var properties: [Property]
    /// SHA-256 of `manifest-sha256.txt` as checked: the package's payload, in one digest.
    public var payloadManifestSha256: String?
    public var payloadFileCount: Int
    public var payloadByteCount: Int64

    /// The failed properties with their failed checks, for a refusal: "真实性：…；完整性：…".
    public var failureSummary: String {
        properties.filter { !$0.passed }.map { property in
            property.label + "：" + property.checks.filter { !$0.passed }.map { "\($0.label)（\($0.detail ?? "")）" }.joined(separator: "；")
        }.joined(separator: "。")
    }

    public var failedPropertyKeys: [String] { properties.filter { !$0.passed }.map(\.key) }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { $0 + Data("\n".utf8) } ?? Data()
    }
}

/// The four-properties check run on every package before it is accepted (issue 14 item 2; DA/T
/// 70-2018; SPEC R10, R11, X3). Pure: it reads only through `ArchivePackageReader`.
///
/// - 真实性 authenticity: the checkpoint is signed by the ledger's key; each record's proof bundle
///   verifies against it and names that record; each record's canonical JSON and stored bytes hash
///   to the digests its ledger event holds.
/// - 完整性 integrity: every record of the case is there with all its files and no other; the
///   payload manifests list exactly the payload files with matching digests; Payload-Oxum matches;
///   the metadata has every required field and lists every record and file with the right digests.
/// - 可用性 usability: every file is readable; media are in an accepted format whose sniffed type
///   matches the record's declared type and the file's extension; JSON parses; HTML is UTF-8 HTML.
/// - 安全性 security: no absolute path, `..`, link or special file; only the files a package has;
///   payload extensions from the accepted list; the security class is not below what the records'
///   markings require; the payload manifest's digest is recorded.
public enum FourPropertiesCheck {
    public static func run(_ reader: some ArchivePackageReader, expecting expected: ArchiveExpectation, at checkedAt: Date) -> FourPropertiesReport {
        var run = Run()
        let entries: [ArchivePackageEntry]
        do {
            entries = try reader.entries()
        } catch {
            entries = []
            run.fail(.usability, "readable", "文件可读", "无法列出文件：\(error)")
        }
        let files = entries.filter { $0.kind == .file }.map(\.path)
        let fileSet = Set(files)
        let payload = files.filter { $0.hasPrefix("data/") }.sorted()

        // Fixity of every file, read once.
        var fixity: [String: Fixity] = [:]
        for path in files.sorted() where isSafe(path) {
            do {
                fixity[path] = try reader.fixity(of: path)
            } catch {
                run.fail(.usability, "readable", "文件可读", "\(path) 无法读取")
            }
        }
        func text(_ path: String) -> String? {
            guard fileSet.contains(path), isSafe(path), let data = try? reader.contents(of: path) else { return nil }
            return String(data: data, encoding: .utf8)
        }

        // MARK: 安全性
        for entry in entries {
            if !isSafe(entry.path) { run.fail(.security, "paths", "路径不越界", "\(entry.path) 不是包内的相对路径") }
            switch entry.kind {
            case .symbolicLink, .other: run.fail(.security, "fileTypes", "无链接或特殊文件", "\(entry.path) 是链接或特殊文件")
            case .file, .directory: break
            }
        }
        let tagNames: Set<String> = Set([ArchivePackageLayout.bagitDeclaration, ArchivePackageLayout.bagInfo,
                                         ArchivePackageLayout.metadata, ArchivePackageLayout.report]
            + ["sha256", "sm3"].flatMap { [ArchivePackageLayout.manifest($0), ArchivePackageLayout.tagManifest($0)] })
        for path in files where !path.hasPrefix("data/") && !tagNames.contains(path) {
            run.fail(.security, "unexpectedFiles", "无多余文件", "\(path) 不应出现在包中")
        }
        for path in payload {
            let ext = path.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last.map(String.init) : nil } ?? ""
            if !ArchivePackageLayout.allowedPayloadExtensions.contains(ext.lowercased()) {
                run.fail(.security, "fileTypes", "无链接或特殊文件", "\(path) 的类型不在接受之列")
            }
        }
        let required = SecurityClass.required(by: expected.records.map(\.sensitivity))
        if expected.securityClass < required {
            run.fail(.security, "securityClass", "密级不低于记录标记", "所选密级为\(expected.securityClass.chineseName)，记录的涉密标记要求至少为\(required.chineseName)")
        }
        let manifestDigest = fixity[ArchivePackageLayout.manifest("sha256")]?.sha256
        if manifestDigest == nil { run.fail(.security, "packageDigest", "记录包的数字摘要", "缺少 manifest-sha256.txt，无法记录包的摘要") }

        // MARK: 完整性
        if text(ArchivePackageLayout.bagitDeclaration) != "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" {
            run.fail(.integrity, "bagDeclaration", "BagIt 声明", "bagit.txt 缺失或内容不对")
        }
        for algorithm in ArchivePackageLayout.algorithms {
            let name = ArchivePackageLayout.manifest(algorithm)
            guard let manifestText = text(name), let manifest = ArchivePackageLayout.parseManifest(manifestText) else {
                run.fail(.integrity, "manifests", "清单完整且一致", "\(name) 缺失或无法读取")
                continue
            }
            for path in payload where manifest[path] == nil { run.fail(.integrity, "manifests", "清单完整且一致", "\(path) 不在 \(name) 中") }
            for (path, digest) in manifest.sorted(by: { $0.key < $1.key }) {
                guard let actual = fixity[path] else {
                    run.fail(.integrity, "manifests", "清单完整且一致", "\(name) 列出的 \(path) 不存在")
                    continue
                }
                let computed = algorithm == "sha256" ? actual.sha256 : actual.sm3
                if computed != digest { run.fail(.integrity, "manifests", "清单完整且一致", "\(path) 的 \(algorithm) 摘要与 \(name) 不符") }
            }
        }
        let payloadBytes = payload.compactMap { fixity[$0]?.byteCount }.reduce(0, +)
        let oxum = "\(payloadBytes).\(payload.count)"
        if let info = text(ArchivePackageLayout.bagInfo) {
            let stated = info.split(separator: "\n").first { $0.hasPrefix("Payload-Oxum:") }
                .map { $0.dropFirst("Payload-Oxum:".count).trimmingCharacters(in: .whitespaces) }
            if stated != oxum { run.fail(.integrity, "payloadOxum", "Payload-Oxum 一致", "bag-info.txt 写 \(stated ?? "无")，实际 \(oxum)") }
        } else {
            run.fail(.integrity, "payloadOxum", "Payload-Oxum 一致", "bag-info.txt 缺失")
        }
        var expectedPayload: Set<String> = [ArchivePackageLayout.checkpoint, ArchivePackageLayout.verifierKey]
        for record in expected.records {
            expectedPayload.insert(ArchivePackageLayout.content(record.id))
            expectedPayload.insert(ArchivePackageLayout.proof(record.id))
            if record.blobSha256 != nil {
                let format = record.mimeType.flatMap(Self.format(forMIME:))
                expectedPayload.insert(ArchivePackageLayout.media(record.id, format: format))
            } else {
                expectedPayload.insert(ArchivePackageLayout.rendition(record.id))
            }
        }
        for path in expectedPayload.sorted() where !fileSet.contains(path) {
            run.fail(.integrity, "recordsPresent", "案件记录齐全", "缺少 \(path)")
        }
        for path in payload where !expectedPayload.contains(path) {
            run.fail(.integrity, "recordsPresent", "案件记录齐全", "\(path) 不属于本案记录")
        }
        var metadata: ArchiveMetadata?
        if let data = fileSet.contains(ArchivePackageLayout.metadata) ? try? reader.contents(of: ArchivePackageLayout.metadata) : nil {
            metadata = try? JSONDecoder().decode(ArchiveMetadata.self, from: data)
            if metadata == nil { run.fail(.usability, "formats", "格式可读", "metadata/archive.json 无法解析") }
        } else {
            run.fail(.integrity, "metadata", "元数据必填项齐全", "缺少 metadata/archive.json")
        }
        if let metadata {
            let missing = metadata.missingRequiredFields
            if !missing.isEmpty { run.fail(.integrity, "metadata", "元数据必填项齐全", "缺少或有误：" + missing.joined(separator: "、")) }
            if Set(metadata.items.map(\.recordId)) != Set(expected.records.map { $0.id.uuidString.lowercased() }) || metadata.itemCount != expected.records.count {
                run.fail(.integrity, "metadata", "元数据必填项齐全", "元数据的件数或记录与本案记录不符")
            }
            if metadata.securityClass.code != expected.securityClass.rawValue {
                run.fail(.security, "securityClass", "密级不低于记录标记", "元数据的密级与所选密级不符")
            }
            for file in metadata.files {
                guard let actual = fixity[file.path], actual.sha256 == file.sha256, actual.byteCount == file.byteCount,
                      file.sm3 == nil || actual.sm3 == file.sm3 else {
                    run.fail(.integrity, "metadata", "元数据必填项齐全", "元数据中 \(file.path) 的摘要或长度与文件不符")
                    continue
                }
            }
            if Set(metadata.files.map(\.path)) != Set(payload) {
                run.fail(.integrity, "metadata", "元数据必填项齐全", "元数据的文件列表与包内文件不符")
            }
        }

        // MARK: 真实性
        let checkpointText = text(ArchivePackageLayout.checkpoint)
        var checkpoint: Checkpoint?
        if let checkpointText {
            checkpoint = try? Checkpoint.open(checkpointText, verifiers: [expected.verifier])
            if checkpoint == nil { run.fail(.authenticity, "checkpoint", "账本检查点签名有效", "检查点的签名不能用账本公钥验证") }
        } else {
            run.fail(.authenticity, "checkpoint", "账本检查点签名有效", "缺少账本检查点")
        }
        if let metadata, let checkpoint,
           metadata.ledgerCheckpoint.treeSize != checkpoint.size || metadata.ledgerCheckpoint.rootHash != checkpoint.rootHash.hex {
            run.fail(.authenticity, "checkpoint", "账本检查点签名有效", "元数据记载的检查点与包内检查点不符")
        }
        for record in expected.records {
            let id = record.id.uuidString.lowercased()
            guard let proofData = fileSet.contains(ArchivePackageLayout.proof(record.id)) ? try? reader.contents(of: ArchivePackageLayout.proof(record.id)) : nil else {
                run.fail(.authenticity, "proofs", "存证证明可验证", "记录 \(id) 没有存证证明")
                continue
            }
            let proven: ProofBundleCheck
            do {
                let bundle = try ProofBundle.decode(proofData)
                proven = try bundle.check(verifier: expected.verifier)
                if let checkpointText, bundle.checkpoint != checkpointText {
                    run.fail(.authenticity, "proofs", "存证证明可验证", "记录 \(id) 的证明不是对包内检查点作出的")
                }
            } catch {
                run.fail(.authenticity, "proofs", "存证证明可验证", "记录 \(id) 的证明无法验证：\(error)")
                continue
            }
            if proven.event.fields["recordId"]?.stringValue != id {
                run.fail(.authenticity, "proofs", "存证证明可验证", "记录 \(id) 的证明属于另一条记录")
            }
            if proven.contentSha256 != record.contentSha256 {
                run.fail(.authenticity, "contentDigests", "内容摘要与账本一致", "记录 \(id) 的内容摘要与账本不符")
            }
            if fixity[ArchivePackageLayout.content(record.id)]?.sha256 != proven.contentSha256 {
                run.fail(.authenticity, "contentDigests", "内容摘要与账本一致", "\(ArchivePackageLayout.content(record.id)) 的 SHA-256 与账本记载不符")
            }
            if let blob = record.blobSha256 {
                let path = ArchivePackageLayout.media(record.id, format: record.mimeType.flatMap(Self.format(forMIME:)))
                let ledgerBlob = proven.event.fields["blobSha256"]?.stringValue
                if ledgerBlob != blob || fixity[path]?.sha256 != blob {
                    run.fail(.authenticity, "blobDigests", "文件摘要与账本一致", "\(path) 的 SHA-256 与账本记载的 \(ledgerBlob ?? "无") 不符")
                }
            }
        }

        // MARK: 可用性
        let accepted = Set(MediaFormat.allCases)
        for record in expected.records {
            let id = record.id.uuidString.lowercased()
            if let data = try? reader.contents(of: ArchivePackageLayout.content(record.id)),
               (try? JSONSerialization.jsonObject(with: data)) != nil {
            } else if fileSet.contains(ArchivePackageLayout.content(record.id)) {
                run.fail(.usability, "formats", "格式可读", "记录 \(id) 的 JSON 无法解析")
            }
            if record.blobSha256 != nil {
                let declared = record.mimeType.map(MediaSniffer.normalizedMIME) ?? ""
                let format = Self.format(forMIME: declared)
                let path = ArchivePackageLayout.media(record.id, format: format)
                guard fileSet.contains(path) else { continue }
                let sniffed = (try? reader.prefix(of: path, count: 512)).flatMap { MediaSniffer.detectFormat($0) }
                guard let sniffed, accepted.contains(sniffed) else {
                    run.fail(.usability, "formats", "格式可读", "\(path) 不是可识别的接受格式")
                    continue
                }
                if !sniffed.acceptedMIMEs.contains(declared) {
                    run.fail(.usability, "formats", "格式可读", "\(path) 实为 \(sniffed.shortName)，与登记的类型 \(declared) 不符")
                }
            } else if fileSet.contains(ArchivePackageLayout.rendition(record.id)) {
                let html = text(ArchivePackageLayout.rendition(record.id))
                if html?.hasPrefix("<!DOCTYPE html>") != true {
                    run.fail(.usability, "formats", "格式可读", "记录 \(id) 的打印版不是 UTF-8 HTML")
                }
            }
        }

        return run.report(at: checkedAt, manifestDigest: manifestDigest, fileCount: payload.count, byteCount: payloadBytes)
    }

    /// The stored format a declared MIME type names (for the file's extension).
    public static func format(forMIME mime: String) -> MediaFormat? {
        let normalized = MediaSniffer.normalizedMIME(mime)
        return MediaFormat.allCases.first { $0.mime == normalized } ?? MediaFormat.allCases.first { $0.acceptedMIMEs.contains(normalized) }
    }

    /// A path that stays inside the package: relative, `/`-separated, no empty, `.` or `..` part.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    enum Property: String, CaseIterable {
        case authenticity, integrity, usability, security

        var label: String {
            switch self {
            case .authenticity: "真实性"
            case .integrity: "完整性"
            case .usability: "可用性"
            case .security: "安全性"
            }
        }

        /// Every check of the property, in report order (key, label).
        var checks: [(String, String)] {
            switch self {
            case .authenticity: [("checkpoint", "账本检查点签名有效"), ("proofs", "存证证明可验证"),
                                 ("contentDigests", "内容摘要与账本一致"), ("blobDigests", "文件摘要与账本一致")]
            case .integrity: [("bagDeclaration", "BagIt 声明"), ("manifests", "清单完整且一致"), ("payloadOxum", "Payload-Oxum 一致"),
                              ("recordsPresent", "案件记录齐全"), ("metadata", "元数据必填项齐全")]
            case .usability: [("readable", "文件可读"), ("formats", "格式可读")]
            case .security: [("paths", "路径不越界"), ("fileTypes", "无链接或特殊文件"), ("unexpectedFiles", "无多余文件"),
                             ("securityClass", "密级不低于记录标记"), ("packageDigest", "记录包的数字摘要")]
            }
        }
    }

    struct Run {
        var problems: [Property: [String: [String]]] = [:]

        mutating func fail(_ property: Property, _ key: String, _ label: String, _ detail: String) {
            problems[property, default: [:]][key, default: []].append(detail)
        }

        func report(at date: Date, manifestDigest: String?, fileCount: Int, byteCount: Int64) -> FourPropertiesReport {
            let properties = Property.allCases.map { property in
                let checks = property.checks.map { key, label in
                    let found = problems[property]?[key] ?? []
                    let shown = found.prefix(5).joined(separator: "；") + (found.count > 5 ? "；另有 \(found.count - 5) 处" : "")
                    return FourPropertiesReport.Check(key: key, label: label, passed: found.isEmpty, detail: found.isEmpty ? nil : shown)
                }
                return FourPropertiesReport.Property(
                    key: property.rawValue, label: property.label, passed: checks.allSatisfy(\.passed), checks: checks)
            }
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            return FourPropertiesReport(
                checkedAt: formatter.string(from: date), passed: properties.allSatisfy(\.passed), properties: properties,
                payloadManifestSha256: manifestDigest, payloadFileCount: fileCount, payloadByteCount: byteCount)
        }
    }
}
