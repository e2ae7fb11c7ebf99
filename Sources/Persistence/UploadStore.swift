import Domain
import FluentKit
import Foundation

/// What an announced upload will become: the record's metadata, checked when the upload was
/// created (issue 4 item 3: device, officer, capture start and end; SPEC R7, R9.2 for the marking).
public struct UploadMetadata: Hashable, Sendable, Codable {
    /// A photo, audio or video (`media`), or a scanned paper document (`text`, SPEC R4).
    public var form: RecordForm
    public var activityID: UUID
    public var deviceID: UUID?
    public var officerID: UUID?
    public var captureStart: Date?
    public var captureEnd: Date?
    public var sensitivity: Sensitivity

    public init(
        form: RecordForm, activityID: UUID, deviceID: UUID? = nil, officerID: UUID? = nil,
        captureStart: Date? = nil, captureEnd: Date? = nil, sensitivity: Sensitivity = .none
    ) {
        self.form = form
        self.activityID = activityID
        self.deviceID = deviceID
        self.officerID = officerID
        self.captureStart = captureStart
        self.captureEnd = captureEnd
        self.sensitivity = sensitivity
    }

    // Instants as whole milliseconds since 1970, the precision of the ledger's canonical record
    // content (`Record.canonicalContent`); the shared ISO 8601 coder would drop fractions of a second.
    private enum CodingKeys: String, CodingKey {
        case form, activityId, deviceId, officerId, captureStartMs, captureEndMs, sensitivity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        form = try container.decode(RecordForm.self, forKey: .form)
        activityID = try container.decode(UUID.self, forKey: .activityId)
        deviceID = try container.decodeIfPresent(UUID.self, forKey: .deviceId)
        officerID = try container.decodeIfPresent(UUID.self, forKey: .officerId)
        captureStart = try container.decodeIfPresent(Int64.self, forKey: .captureStartMs).map(Self.instant)
        captureEnd = try container.decodeIfPresent(Int64.self, forKey: .captureEndMs).map(Self.instant)
        sensitivity = try container.decode(Sensitivity.self, forKey: .sensitivity)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(form, forKey: .form)
        try container.encode(activityID, forKey: .activityId)
        try container.encodeIfPresent(deviceID, forKey: .deviceId)
        try container.encodeIfPresent(officerID, forKey: .officerId)
        try container.encodeIfPresent(captureStart.map(Self.milliseconds), forKey: .captureStartMs)
        try container.encodeIfPresent(captureEnd.map(Self.milliseconds), forKey: .captureEndMs)
        try container.encode(sensitivity, forKey: .sensitivity)
    }

    /// `date` to the nearest whole millisecond since 1970.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func instant(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

/// A resumable upload as announced (`uploads` row). Its progress is not here: it is the size of
/// the partial file, and completion is the record made from it (one per upload).
public struct PendingUpload: Hashable, Sendable {
    /// How long an upload may be resumed (issue 4 item 3; the start-up cleanup drops older partials).
    public static let lifetime: TimeInterval = 24 * 3600

    public var id: UUID
    public var createdAt: Date
    public var createdBy: UUID
    public var declaredLength: UInt64
    /// Lowercase hex SHA-256 the client says the whole file has; checked at the end (SPEC R9.3).
    public var declaredSHA256: String?
    /// The MIME type as declared (checked against the magic bytes once they arrive).
    public var mimeType: String
    public var metadata: UploadMetadata
    public var expiresAt: Date

    public init(
        id: UUID = UUID(), createdAt: Date, createdBy: UUID, declaredLength: UInt64, declaredSHA256: String?,
        mimeType: String, metadata: UploadMetadata, expiresAt: Date? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.declaredLength = declaredLength
        self.declaredSHA256 = declaredSHA256
        self.mimeType = mimeType
        self.metadata = metadata
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Self.lifetime)
    }

    public func isExpired(at now: Date) -> Bool { now >= expiresAt }
}

/// Stores and finds announced uploads. Nothing here updates or deletes a row: an upload row stays as
/// the trace of what was announced, whether or not it was ever completed.
public struct UploadStore: Sendable {
    let db: any Database

    public init(database: any Database) {
        self.db = database
    }

    public func create(_ upload: PendingUpload) async throws {
        try await UploadModel(upload).create(on: db)
    }

    public func find(_ id: UUID) async throws -> PendingUpload? {
        try await UploadModel.find(id, on: db)?.domain()
    }

    /// The record made from the upload, once it is complete.
    public func record(fromUpload id: UUID) async throws -> Record? {
        try await RecordModel.query(on: db).filter(\.$uploadID == id).first()?.domain()
    }

    /// Uploads that may still be resumed at `now`: not expired and with no record yet. Their partial
    /// files are the only ones the start-up cleanup keeps.
    /// How many uploads `userID` has open: not expired and not completed (issue 12 item 12).
    public func pendingCount(of userID: UUID, at now: Date) async throws -> Int {
        let open = try await UploadModel.query(on: db).filter(\.$createdBy == userID).filter(\.$expiresAt > now).all(\.$id)
        guard !open.isEmpty else { return 0 }
        let ids: [UUID?] = open.map { $0 }
        let completed = try await RecordModel.query(on: db).filter(\.$uploadID ~~ ids).count()
        return open.count - completed
    }

    /// Of `ids`, the uploads that can no longer be resumed at `now`: expired, or completed (a
    /// record exists). Ids with no upload row are not in the answer (the periodic sweep leaves
    /// their files alone: they may be `FileBlobStore.store` writing right now).
    public func finishedUploadIDs(among ids: [UUID], at now: Date) async throws -> Set<UUID> {
        var finished = Set<UUID>()
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let optional: [UUID?] = chunk.map { $0 }
            finished.formUnion(try await UploadModel.query(on: db).filter(\.$id ~~ Array(chunk))
                .filter(\.$expiresAt <= now).all(\.$id))
            finished.formUnion(try await RecordModel.query(on: db).filter(\.$uploadID ~~ optional).all(\.$uploadID).compactMap { $0 })
        }
        return finished
    }

    public func resumableUploadIDs(at now: Date) async throws -> Set<UUID> {
        let open = try await UploadModel.query(on: db).filter(\.$expiresAt > now).all(\.$id)
        var live = Set(open)
        for chunk in stride(from: 0, to: open.count, by: 500).map({ open[$0..<min($0 + 500, open.count)] }) {
            let ids: [UUID?] = chunk.map { $0 }
            let completed = try await RecordModel.query(on: db).filter(\.$uploadID ~~ ids).all(\.$uploadID)
            live.subtract(completed.compactMap { $0 })
        }
        return live
    }
}
