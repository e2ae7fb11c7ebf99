import Domain
import FluentKit
import FluentSQL
import Foundation
import Ledger

/// Retrievals, retrieval requests and their decisions, each insert with its ledger event in one
/// transaction (SPEC R9.2, X3). Nothing here decides who may retrieve: that is `RetrievalRules`.
public struct RetrievalStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// Stores one retrieval and appends `retrieval.logged`; returns its id.
    public func log(
        record recordID: UUID, by userID: UUID, purpose: RetrievalPurpose, clientAddress: String?, requestID: UUID?, at: Date
    ) async throws -> UUID {
        let row = RetrievalModel(recordID: recordID, userID: userID, purpose: purpose, clientAddress: clientAddress, requestID: requestID)
        let id = row.id!
        let event = try DomainEvents.retrievalLogged(
            retrievalID: id, recordID: recordID, userID: userID, purpose: purpose.kind.rawValue, at: at)
        try await ledger.append([event]) { db in try await row.create(on: db) }
        return id
    }

    /// Stores a request to open a sensitive record and appends `retrieval.requested`.
    public func request(_ request: RetrievalRequest, at: Date) async throws {
        let model = try RetrievalRequestModel(request)
        let event = try DomainEvents.created(
            "retrieval.requested", idField: "requestId", id: request.id, content: .string(model.content), at: at,
            extra: ["recordId": .string(request.recordID.uuidString.lowercased())])
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }

    /// Stores a decision and appends `retrieval.approved` or `retrieval.rejected`. The unique key
    /// on the request refuses a second decision made at the same moment.
    public func decide(_ decided: RetrievalRequest, approved: Bool, by userID: UUID, at: Date) async throws {
        let model = try RetrievalDecisionModel(decided, decidedBy: userID)
        let event = try DomainEvents.created(
            approved ? "retrieval.approved" : "retrieval.rejected", idField: "requestId", id: decided.id,
            content: .string(model.content), at: at)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }
}

/// Read side of retrieval.
public struct RetrievalQueries: Sendable {
    let db: any Database

    public init(database: any Database) {
        self.db = database
    }

    /// The request as it stands: its decision if one was made, else as asked.
    public func currentRequest(_ id: UUID) async throws -> RetrievalRequest? {
        if let decision = try await RetrievalDecisionModel.query(on: db).filter(\.$requestID == id).first() {
            return try decision.domain()
        }
        return try await RetrievalRequestModel.find(id, on: db)?.domain()
    }

    /// Requests nobody has decided yet, as a query to sort and page. One statement with a
    /// subquery (issue 12 item 12): binding every decided id as a parameter broke past the
    /// database's limit on parameters (32,766 on SQLite).
    public func undecidedRequests() -> QueryBuilder<RetrievalRequestModel> {
        RetrievalRequestModel.query(on: db).filter(.sql(unsafeRaw: """
            NOT EXISTS (SELECT 1 FROM retrieval_decisions d WHERE d.request_id = retrieval_requests.id)
            """))
    }

    public func isDecided(_ requestID: UUID) async throws -> Bool {
        try await RetrievalDecisionModel.query(on: db).filter(\.$requestID == requestID).count() > 0
    }

    /// A retrieval row, for continuing a playback.
    public func retrieval(_ id: UUID) async throws -> RetrievalModel? {
        try await RetrievalModel.find(id, on: db)
    }
}
