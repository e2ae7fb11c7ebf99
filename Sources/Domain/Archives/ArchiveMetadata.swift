import Foundation

/// The archive metadata of one package, `metadata/archive.json` (issue 14 item 2; SPEC R10, R11).
///
/// The fields follow GB/T 18894-2016 《电子文件归档与电子档案管理规范》 (档号, 题名, 责任者, 日期,
/// 保管期限, 密级, 件数, 格式, 固化信息) and the 电子档案元数据 of DA/T 97-2023 (立档单位, 起止日期,
/// 归档日期, per-file 数字摘要 and 摘要算法). Keys are English; `docs/archive-metadata.schema.json`
/// gives each key's Chinese element name, and `docs/archives.md` says which clause it follows.
public struct ArchiveMetadata: Hashable, Sendable, Codable {
    public static let currentFormat = "lawtrail-archive-metadata/1"

    public struct Coded: Hashable, Sendable, Codable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public struct DateRange: Hashable, Sendable, Codable {
        /// 起始日期: the day the case was opened.
        public var start: String
        /// 终止日期: the day it was closed.
        public var end: String

        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// One record of the case (一件).
    public struct Item: Hashable, Sendable, Codable {
        public var recordId: String
        public var kind: String
        public var kindName: String
        /// 题名: the document's template title, or the kind of media.
        public var title: String
        public var ledgerIndex: UInt64
        public var supersedes: String?
        public var sensitivity: String

        public init(recordId: String, kind: String, kindName: String, title: String, ledgerIndex: UInt64, supersedes: String?, sensitivity: String) {
            self.recordId = recordId
            self.kind = kind
            self.kindName = kindName
            self.title = title
            self.ledgerIndex = ledgerIndex
            self.supersedes = supersedes
            self.sensitivity = sensitivity
        }
    }

    /// One payload file with its fixity (固化信息: 数字摘要).
    public struct File: Hashable, Sendable, Codable {
        public var path: String
        /// `media`, `record`, `rendition`, `proof`, `checkpoint`, `key`.
        public var role: String
        public var recordId: String?
        /// 格式: the MIME type.
        public var format: String
        public var byteCount: Int64
        public var sha256: String
        public var sm3: String?

        public init(path: String, role: String, recordId: String?, format: String, fixity: Fixity) {
            self.path = path
            self.role = role
            self.recordId = recordId
            self.format = format
            self.byteCount = fixity.byteCount
            self.sha256 = fixity.sha256
            self.sm3 = fixity.sm3
        }
    }

    public struct LedgerCheckpoint: Hashable, Sendable, Codable {
        public var origin: String
        public var treeSize: UInt64
        public var rootHash: String

        public init(origin: String, treeSize: UInt64, rootHash: String) {
            self.origin = origin
            self.treeSize = treeSize
            self.rootHash = rootHash
        }
    }

    public var format: String = ArchiveMetadata.currentFormat
    public var packageId: String
    public var caseId: String
    /// 档号
    public var archivalCode: String
    /// 全宗号
    public var fondsCode: String
    /// 年度
    public var year: Int
    /// 件号 (of the package within its series)
    public var itemNumber: Int
    /// 题名
    public var title: String
    /// 案件编号 (文号)
    public var caseNumber: String
    /// 责任者
    public var creator: String
    /// 立档单位
    public var archivingUnit: String
    /// 起止日期
    public var dateRange: DateRange
    /// 归档日期
    public var archivedOn: String
    /// 保管期限
    public var retentionPeriod: Coded
    /// 密级
    public var securityClass: Coded
    /// 件数
    public var itemCount: Int
    /// 结案情况
    public var closingSummary: String
    /// 摘要算法
    public var digestAlgorithms: [String]
    public var items: [Item]
    public var files: [File]
    public var ledgerCheckpoint: LedgerCheckpoint

    public init(
        packageId: String, caseId: String, archivalCode: ArchivalCode, title: String, caseNumber: String, creator: String,
        archivingUnit: String, dateRange: DateRange, archivedOn: CivilDate, securityClass: SecurityClass,
        closingSummary: String, items: [Item], files: [File], ledgerCheckpoint: LedgerCheckpoint
    ) {
        self.packageId = packageId
        self.caseId = caseId
        self.archivalCode = archivalCode.description
        self.fondsCode = archivalCode.fonds
        self.year = archivalCode.year
        self.itemNumber = archivalCode.item
        self.title = title
        self.caseNumber = caseNumber
        self.creator = creator
        self.archivingUnit = archivingUnit
        self.dateRange = dateRange
        self.archivedOn = archivedOn.description
        self.retentionPeriod = Coded(code: archivalCode.period.rawValue, name: archivalCode.period.chineseName)
        self.securityClass = Coded(code: securityClass.rawValue, name: securityClass.chineseName)
        self.itemCount = items.count
        self.closingSummary = closingSummary
        self.digestAlgorithms = ArchivePackageLayout.algorithms
        self.items = items
        self.files = files
        self.ledgerCheckpoint = ledgerCheckpoint
    }

    /// Pretty, key-sorted JSON with a final newline: the file's bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { $0 + Data("\n".utf8) } ?? Data()
    }

    /// The required fields that are empty (完整性: 元数据必填项), by key.
    public var missingRequiredFields: [String] {
        var missing: [String] = []
        let texts: [(String, String)] = [
            ("packageId", packageId), ("caseId", caseId), ("archivalCode", archivalCode), ("fondsCode", fondsCode),
            ("title", title), ("caseNumber", caseNumber), ("creator", creator), ("archivingUnit", archivingUnit),
            ("dateRange.start", dateRange.start), ("dateRange.end", dateRange.end), ("archivedOn", archivedOn),
            ("retentionPeriod", retentionPeriod.code), ("securityClass", securityClass.code),
        ]
        for (key, value) in texts where value.trimmingCharacters(in: .whitespaces).isEmpty { missing.append(key) }
        if RetentionPeriod(rawValue: retentionPeriod.code) == nil, !missing.contains("retentionPeriod") { missing.append("retentionPeriod") }
        if SecurityClass(rawValue: securityClass.code) == nil, !missing.contains("securityClass") { missing.append("securityClass") }
        if year < 1949 { missing.append("year") }
        if itemCount != items.count { missing.append("itemCount") }
        return missing
    }
}
