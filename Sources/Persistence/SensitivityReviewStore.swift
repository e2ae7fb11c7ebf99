import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// The legal section's sensitivity reviews (SPEC R9.2, R10): each one a new row and a
/// `record.sensitivity_reviewed` ledger event, in one transaction (SPEC X3). Nothing is updated.
public struct SensitivityReviewStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    public func append(_ review: SensitivityReview, at: Date) async throws {
        let event = try DomainEvents.created(
            "record.sensitivity_reviewed", idField: "reviewId", id: review.id, content: review.canonicalContent, at: at,
            extra: [
                "recordId": .string(review.recordID.uuidString.lowercased()),
                "decision": .string(review.decision.rawValue),
                "marking": .string(review.marking.rawValue),
            ])
        let model = SensitivityReviewModel(review)
        try await ledger.append([event]) { db in try await model.create(on: db) }
    }
}

/// Read side of sensitivity reviews.
public struct SensitivityReviewQueries: Sendable {
    let db: any Database

    public init(database: any Database) {
        self.db = database
    }

    /// Every review of `recordID`, oldest first: the marking's history.
    public func history(_ recordID: UUID) async throws -> [SensitivityReview] {
        try await SensitivityReviewModel.query(on: db).filter(\.$recordID == recordID)
            .sort(\.$reviewedAt).sort(\.$createdAt).all().map { try $0.domain() }
    }

    /// The ids among `recordIDs` that have at least one review.
    public func reviewed(_ recordIDs: [UUID]) async throws -> Set<UUID> {
        guard !recordIDs.isEmpty else { return [] }
        return Set(try await SensitivityReviewModel.query(on: db).filter(\.$recordID ~~ recordIDs).all().map(\.recordID))
    }

    /// Records with no review yet, newest first, at most `limit`: the candidates of the queue.
    public func unreviewedRecords(limit: Int) async throws -> [Record] {
        struct Row: Decodable { let id: UUID }
        let ids = try await (db as! any SQLDatabase).raw("""
            SELECT r.id FROM records r
            WHERE NOT EXISTS (SELECT 1 FROM sensitivity_reviews s WHERE s.record_id = r.id)
            ORDER BY r.created_at DESC, r.id LIMIT \(bind: limit)
            """).all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return [] }
        let rows = try await RecordModel.query(on: db).filter(\.$id ~~ ids).all()
        let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        return try rows.sorted { order[$0.id!, default: 0] < order[$1.id!, default: 0] }.map { try $0.domain() }
    }
}
