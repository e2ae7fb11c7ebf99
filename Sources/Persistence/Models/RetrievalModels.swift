import Domain
import FluentKit
import Foundation

/// Row of `retrievals`: one supervised opening or download of a record (SPEC R9.2).
public final class RetrievalModel: Model, @unchecked Sendable {
    public static let schema = "retrievals"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "purpose") public var purpose: String
    @Field(key: "purpose_text") public var purposeText: String
    @OptionalField(key: "client_address") public var clientAddress: String?
    @OptionalField(key: "request_id") public var requestID: UUID?

    public init() {}

    public init(id: UUID = UUID(), recordID: UUID, userID: UUID, purpose: RetrievalPurpose, clientAddress: String?, requestID: UUID?) {
        self.id = id
        self.recordID = recordID
        self.userID = userID
        self.purpose = purpose.kind.rawValue
        self.purposeText = purpose.text ?? ""
        self.clientAddress = clientAddress
        self.requestID = requestID
    }
}

/// Row of `retrieval_requests`: a request to open a sensitive record, as asked.
public final class RetrievalRequestModel: Model, @unchecked Sendable {
    public static let schema = "retrieval_requests"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "record_id") public var recordID: UUID
    @Field(key: "requester_id") public var requesterID: UUID
    @Field(key: "content") public var content: String

    public init() {}

    public init(_ request: RetrievalRequest) throws {
        id = request.id
        recordID = request.recordID
        requesterID = request.requesterID
        content = String(decoding: try JSONCoding.encoder.encode(request), as: UTF8.self)
    }

    public func domain() throws -> RetrievalRequest {
        try JSONCoding.decoder.decode(RetrievalRequest.self, from: Data(content.utf8))
    }
}

/// Row of `retrieval_decisions`: the request as decided (approved or rejected), once.
public final class RetrievalDecisionModel: Model, @unchecked Sendable {
    public static let schema = "retrieval_decisions"

    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "decided_by") public var decidedBy: UUID
    @Field(key: "content") public var content: String

    public init() {}

    public init(_ decided: RetrievalRequest, decidedBy: UUID) throws {
        requestID = decided.id
        self.decidedBy = decidedBy
        content = String(decoding: try JSONCoding.encoder.encode(decided), as: UTF8.self)
    }

    public func domain() throws -> RetrievalRequest {
        try JSONCoding.decoder.decode(RetrievalRequest.self, from: Data(content.utf8))
    }
}
