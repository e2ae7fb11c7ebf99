import Domain
import FluentKit
import Foundation
import SQLKit

/// Read side of retention and disposal (SPEC R10; issue 14): the facts, holds and steps in force.
public struct RetentionQueries: Sendable {
    let db: any Database

    public init(database: any Database) {
        self.db = database
    }

    /// A record with what its retention depends on besides its facts.
    public struct Subject: Sendable {
        public let record: Record
        public let activityKind: EnforcementKind
        /// The capture day, else the day it was stored (Asia/Shanghai).
        public let capturedOn: CivilDate
    }

    public func subject(_ recordID: UUID) async throws -> Subject? {
        try await subjects(RecordModel.query(on: db).filter(\.$id == recordID).all()).first
    }

    /// Inspection video: the records that may come up for disposal without being archived (R10),
    /// oldest capture first. Archived records join them once archives give periods.
    public func inspectionVideos() async throws -> [Subject] {
        let ids = try await ActivityModel.query(on: db).filter(\.$kind == EnforcementKind.inspection.rawValue).all().compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let rows = try await RecordModel.query(on: db).filter(\.$activityID ~~ ids)
            .filter(\.$kind == Record.Kind.video.rawValue).sort(\.$captureStart).sort(\.$createdAt).all()
        return try await subjects(rows)
    }

    /// Records with a stored file in archived cases: kept for the archive's period, then appraised.
    public func recordsOfArchivedCases() async throws -> [Subject] {
        struct Row: Decodable { let case_id: String }
        let caseIDs = try await (db as! any SQLDatabase).raw("SELECT case_id FROM case_archives").all(decoding: Row.self)
            .compactMap { UUID(uuidString: $0.case_id) }
        guard !caseIDs.isEmpty else { return [] }
        let rows = try await RecordModel.query(on: db).filter(\.$caseID ~~ caseIDs).filter(\.$blobSHA256 != nil)
            .sort(\.$createdAt).all()
        return try await subjects(rows)
    }

    func subjects(_ rows: [RecordModel]) async throws -> [Subject] {
        let activityIDs = Array(Set(rows.map(\.activityID)))
        guard !activityIDs.isEmpty else { return [] }
        var kinds: [UUID: EnforcementKind] = [:]
        for activity in try await ActivityModel.query(on: db).filter(\.$id ~~ activityIDs).all() {
            if let id = activity.id, let kind = EnforcementKind(rawValue: activity.kind) { kinds[id] = kind }
        }
        return try rows.compactMap { row in
            guard let kind = kinds[row.activityID] else { return nil }
            let record = try row.domain()
            let day = CivilDate(record.captureStart ?? row.createdAt ?? Date(timeIntervalSince1970: 0))
            return Subject(record: record, activityKind: kind, capturedOn: day)
        }
    }

    // MARK: facts

    /// Every fact change of the record, oldest first.
    public func changes(_ recordID: UUID) async throws -> [RetentionFactChange] {
        try await RetentionFactChangeModel.query(on: db).filter(\.$recordID == recordID)
            .sort(\.$changedAt).sort(\.$createdAt).all().map { try $0.domain() }
    }

    /// The facts in force for each of `recordIDs` (records without changes are absent: no facts).
    public func facts(_ recordIDs: [UUID]) async throws -> [UUID: RetentionFacts] {
        guard !recordIDs.isEmpty else { return [:] }
        let rows = try await RetentionFactChangeModel.query(on: db).filter(\.$recordID ~~ recordIDs)
            .sort(\.$changedAt).sort(\.$createdAt).all().map { try $0.domain() }
        return Dictionary(grouping: rows, by: \.recordID).mapValues(RetentionFacts.init(changes:))
    }

    // MARK: holds

    /// Holds in force (placed, not released), newest first.
    public func activeHolds() async throws -> [LegalHold] {
        let released = Set(try await LegalHoldReleaseModel.query(on: db).all().map(\.holdID))
        return try await LegalHoldModel.query(on: db).sort(\.$placedAt, .descending).all()
            .filter { !released.contains($0.id ?? UUID()) }.map { try $0.domain() }
    }

    /// Holds in force on the record itself or on its case.
    public func activeHolds(recordID: UUID, caseID: UUID) async throws -> [LegalHold] {
        let holds = try await LegalHoldModel.query(on: db).filter(\.$subjectID ~~ [recordID, caseID]).all().map { try $0.domain() }
        guard !holds.isEmpty else { return [] }
        let released = Set(try await LegalHoldReleaseModel.query(on: db).filter(\.$holdID ~~ holds.map(\.id)).all().map(\.holdID))
        return holds.filter { !released.contains($0.id) && $0.covers(recordID: recordID, caseID: caseID) }
    }

    public func hold(_ id: UUID) async throws -> (hold: LegalHold, released: Bool)? {
        guard let model = try await LegalHoldModel.find(id, on: db) else { return nil }
        let released = try await LegalHoldReleaseModel.query(on: db).filter(\.$holdID == id).count() > 0
        return (try model.domain(), released)
    }

    // MARK: disposal

    public func disposal(_ recordID: UUID) async throws -> RecordDisposalModel? {
        try await RecordDisposalModel.query(on: db).filter(\.$recordID == recordID).first()
    }

    /// Which of `recordIDs` have been disposed of.
    public func disposed(_ recordIDs: [UUID]) async throws -> Set<UUID> {
        guard !recordIDs.isEmpty else { return [] }
        return Set(try await RecordDisposalModel.query(on: db).filter(\.$recordID ~~ recordIDs).all().map(\.recordID))
    }

    /// Every disposal: record id → blob digest (for `lawtrail verify`).
    public func allDisposals() async throws -> [UUID: String] {
        Dictionary(try await RecordDisposalModel.query(on: db).all().map { ($0.recordID, $0.blobSHA256) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether anything not disposed of still needs the bytes `digest` (content addressing: two
    /// records, or a record and a correction's attachment, with equal bytes share one blob).
    public func blobStillNeeded(_ digest: String) async throws -> Bool {
        try await FixityQueries(database: db).isNeeded(digest)
    }

    public func listed(_ recordIDs: [UUID]) async throws -> Set<UUID> {
        guard !recordIDs.isEmpty else { return [] }
        return Set(try await DisposalListingModel.query(on: db).filter(\.$recordID ~~ recordIDs).all().map(\.recordID))
    }

    /// Listed records the office has not appraised since they were listed, and not disposed of;
    /// oldest listing first.
    public func awaitingAppraisal() async throws -> [(recordID: UUID, listedOn: String)] {
        struct Row: Decodable { let record_id: UUID; let listed_on: String }
        return try await (db as! any SQLDatabase).raw("""
            SELECT l.record_id, l.listed_on FROM disposal_listings l
            WHERE NOT EXISTS (SELECT 1 FROM disposal_appraisals a WHERE a.record_id = l.record_id)
              AND NOT EXISTS (SELECT 1 FROM record_disposals d WHERE d.record_id = l.record_id)
            ORDER BY l.listed_on, l.record_id
            """).all(decoding: Row.self).map { ($0.record_id, $0.listed_on) }
    }

    /// Appraisals proposing disposal with no decision yet, oldest first.
    public func awaitingDecision() async throws -> [DisposalAppraisal] {
        let decided = Set(try await DisposalDecisionModel.query(on: db).all().map(\.appraisalID))
        return try await DisposalAppraisalModel.query(on: db)
            .filter(\.$conclusion == DisposalAppraisal.Conclusion.dispose.rawValue).sort(\.$appraisedAt).all()
            .filter { !decided.contains($0.id ?? UUID()) }.map { try $0.domain() }
    }

    public func appraisal(_ id: UUID) async throws -> DisposalAppraisal? {
        try await DisposalAppraisalModel.find(id, on: db)?.domain()
    }

    /// The record's appraisals, oldest first.
    public func appraisals(_ recordID: UUID) async throws -> [DisposalAppraisal] {
        try await DisposalAppraisalModel.query(on: db).filter(\.$recordID == recordID).sort(\.$appraisedAt).all().map { try $0.domain() }
    }

    public func decisions(_ recordID: UUID) async throws -> [DisposalDecision] {
        try await DisposalDecisionModel.query(on: db).filter(\.$recordID == recordID).sort(\.$decidedAt).all().map { try $0.domain() }
    }

    public func isDecided(_ appraisalID: UUID) async throws -> Bool {
        try await DisposalDecisionModel.query(on: db).filter(\.$appraisalID == appraisalID).count() > 0
    }

    /// Disposals, newest first, for the disposal desk's history.
    public func recentDisposals(limit: Int) async throws -> [RecordDisposalModel] {
        try await RecordDisposalModel.query(on: db).sort(\.$disposedAt, .descending).limit(limit).all()
    }
}
