import Domain
import FluentKit
import Foundation

/// Row of `records` (SPEC R1, R4, R9): inserted once, never updated.
public final class RecordModel: Model, @unchecked Sendable {
    public static let schema = "records"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "activity_id") public var activityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "counterparty_id") public var counterpartyID: UUID
    @OptionalField(key: "supersedes_id") public var supersedesID: UUID?
    @OptionalField(key: "upload_id") public var uploadID: UUID?
    @OptionalField(key: "device_id") public var deviceID: UUID?
    @OptionalField(key: "officer_id") public var officerID: UUID?

    // data
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "template_id") public var templateID: String?
    @OptionalField(key: "document_values") public var documentValues: String?
    @OptionalField(key: "blob_sha256") public var blobSHA256: String?
    @OptionalField(key: "byte_count") public var byteCount: Int64?
    @OptionalField(key: "mime_type") public var mimeType: String?
    @OptionalField(key: "capture_start") public var captureStart: Date?
    @OptionalField(key: "capture_end") public var captureEnd: Date?
    @Field(key: "sensitivity") public var sensitivity: String
    @OptionalField(key: "correction_reason") public var correctionReason: String?
    @Field(key: "content_sha256") public var contentSHA256: String

    public init() {}

    public init(_ record: Record, uploadID: UUID?, contentSHA256: String) throws {
        id = record.id
        createdBy = record.createdBy
        activityID = record.activityID
        caseID = record.caseID
        counterpartyID = record.counterpartyID
        supersedesID = record.supersedes
        self.uploadID = uploadID
        deviceID = record.deviceID
        officerID = record.officerID
        kind = record.kind.rawValue
        templateID = record.templateID
        documentValues = try record.documentValues.map { String(decoding: try JSONCoding.encoder.encode($0), as: UTF8.self) }
        blobSHA256 = record.blobSHA256
        byteCount = record.byteCount
        mimeType = record.mimeType
        captureStart = record.captureStart
        captureEnd = record.captureEnd
        sensitivity = record.sensitivity.rawValue
        correctionReason = record.correctionReason
        self.contentSHA256 = contentSHA256
    }

    public func domain() throws -> Record {
        guard let id, let kind = Record.Kind(rawValue: kind), let sensitivity = Sensitivity(rawValue: sensitivity) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "record \(String(describing: id))")
        }
        return Record(
            id: id, activityID: activityID, caseID: caseID, counterpartyID: counterpartyID, kind: kind,
            templateID: templateID,
            documentValues: try documentValues.map { try JSONCoding.decoder.decode([String: String].self, from: Data($0.utf8)) },
            blobSHA256: blobSHA256, byteCount: byteCount, mimeType: mimeType, deviceID: deviceID, officerID: officerID,
            captureStart: captureStart, captureEnd: captureEnd, sensitivity: sensitivity,
            supersedes: supersedesID, correctionReason: correctionReason, createdBy: createdBy)
    }
}

/// JSON for `content` columns: sorted keys so equal values store as equal text.
public enum JSONCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
