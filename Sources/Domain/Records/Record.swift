import Foundation
import Ledger

/// 记录资料: one text or media record of an enforcement activity (SPEC R1, R4, R9).
/// A record never changes; a correction is a new record whose `supersedes` names the old one.
public struct Record: Hashable, Sendable, Codable, Identifiable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case document = "document"   // 电子文书, filled from a template (SPEC R4)
        case scan = "scan"           // 纸质文书扫描件 (PDF, JPEG, PNG)
        case photo = "photo"         // 照片
        case audio = "audio"         // 音频
        case video = "video"         // 视音频

        public var chineseName: String {
            switch self {
            case .document: "电子文书"
            case .scan: "纸质文书扫描件"
            case .photo: "照片"
            case .audio: "音频"
            case .video: "视音频"
            }
        }

        public var isMedia: Bool { self == .photo || self == .audio || self == .video }

        public init(_ media: MediaKind) {
            switch media {
            case .photo: self = .photo
            case .audio: self = .audio
            case .video: self = .video
            }
        }
    }

    public var id: UUID
    public var activityID: UUID
    public var caseID: UUID
    public var counterpartyID: UUID
    public var kind: Kind
    public var templateID: String?
    public var documentValues: [String: String]?
    /// Lowercase hex SHA-256 of the stored bytes (blob store key); nil for an electronic document.
    public var blobSHA256: String?
    public var byteCount: Int64?
    public var mimeType: String?
    public var deviceID: UUID?
    public var officerID: UUID?
    public var captureStart: Date?
    public var captureEnd: Date?
    public var sensitivity: Sensitivity
    public var supersedes: UUID?
    public var correctionReason: String?
    public var createdBy: UUID

    public init(
        id: UUID = UUID(), activityID: UUID, caseID: UUID, counterpartyID: UUID, kind: Kind,
        templateID: String? = nil, documentValues: [String: String]? = nil,
        blobSHA256: String? = nil, byteCount: Int64? = nil, mimeType: String? = nil,
        deviceID: UUID? = nil, officerID: UUID? = nil, captureStart: Date? = nil, captureEnd: Date? = nil,
        sensitivity: Sensitivity = .none, supersedes: UUID? = nil, correctionReason: String? = nil, createdBy: UUID
    ) {
        self.id = id
        self.activityID = activityID
        self.caseID = caseID
        self.counterpartyID = counterpartyID
        self.kind = kind
        self.templateID = templateID
        self.documentValues = documentValues
        self.blobSHA256 = blobSHA256
        self.byteCount = byteCount
        self.mimeType = mimeType
        self.deviceID = deviceID
        self.officerID = officerID
        // Whole milliseconds: the precision the content digest uses, which both databases keep
        // exactly, so a record read back hashes to what the ledger holds.
        self.captureStart = captureStart.map(Record.wholeMilliseconds)
        self.captureEnd = captureEnd.map(Record.wholeMilliseconds)
        self.sensitivity = sensitivity
        self.supersedes = supersedes
        self.correctionReason = correctionReason
        self.createdBy = createdBy
    }

    static func wholeMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Capture duration in seconds, when both ends are known.
    public var durationSeconds: Double? {
        guard let captureStart, let captureEnd else { return nil }
        return captureEnd.timeIntervalSince(captureStart)
    }

    /// The content whose SHA-256 the ledger holds (`contentSha256` of `record.ingested`).
    public var canonicalContent: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func id(_ value: UUID?) -> JSONValue { value.map { .string($0.uuidString.lowercased()) } ?? .null }
        func time(_ value: Date?) -> JSONValue { value.map { .integer(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? .null }
        var values: JSONValue = .null
        if let documentValues {
            values = .object(documentValues.mapValues(JSONValue.string))
        }
        return [
            "id": id(self.id), "activityId": id(activityID), "caseId": id(caseID), "counterpartyId": id(counterpartyID),
            "kind": .string(kind.rawValue), "templateId": text(templateID), "documentValues": values,
            "blobSha256": text(blobSHA256), "byteCount": byteCount.map(JSONValue.integer) ?? .null,
            "mimeType": text(mimeType), "deviceId": id(deviceID), "officerId": id(officerID),
            "captureStartMs": time(captureStart), "captureEndMs": time(captureEnd),
            "sensitivity": .string(sensitivity.rawValue), "supersedes": id(supersedes),
            "correctionReason": text(correctionReason), "createdBy": id(createdBy),
        ]
    }
}
