import FluentKit
import Foundation

/// Row of `uploads`: a resumable media upload that has been announced (issue 4 item 3; SPEC R9.3).
///
/// Inserted once and never updated: progress is the size of the partial file in `tmp/uploads/`, and
/// completion is the `records` row whose `upload_id` names this upload. `metadata` holds what the
/// record will carry (`UploadMetadata` as JSON), checked when the upload was announced.
public final class UploadModel: Model, @unchecked Sendable {
    public static let schema = "uploads"

    // managed
    @ID(key: .id) public var id: UUID?
    // Set by the store, not by Fluent, so that `expires_at` is computed from the same instant.
    @Field(key: "created_at") public var createdAt: Date

    // references
    @Field(key: "created_by") public var createdBy: UUID

    // data
    @Field(key: "declared_length") public var declaredLength: Int64
    @OptionalField(key: "declared_sha256") public var declaredSHA256: String?
    @Field(key: "mime_type") public var mimeType: String
    @Field(key: "metadata") public var metadata: String
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}

    public init(_ upload: PendingUpload) throws {
        id = upload.id
        createdAt = upload.createdAt
        createdBy = upload.createdBy
        declaredLength = Int64(upload.declaredLength)
        declaredSHA256 = upload.declaredSHA256
        mimeType = upload.mimeType
        metadata = String(decoding: try JSONCoding.encoder.encode(upload.metadata), as: UTF8.self)
        expiresAt = upload.expiresAt
    }

    public func domain() throws -> PendingUpload {
        guard let id, declaredLength >= 0,
              let metadata = try? JSONCoding.decoder.decode(UploadMetadata.self, from: Data(metadata.utf8))
        else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "upload \(String(describing: id))")
        }
        return PendingUpload(
            id: id, createdAt: createdAt, createdBy: createdBy, declaredLength: UInt64(declaredLength),
            declaredSHA256: declaredSHA256, mimeType: mimeType, metadata: metadata, expiresAt: expiresAt)
    }
}
