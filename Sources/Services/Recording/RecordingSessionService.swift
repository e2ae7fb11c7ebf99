import Domain
import FluentKit
import Foundation
import Persistence

/// Recording sessions (SPEC R7): the ordered media segments of one act's continuous recording,
/// the start-of-recording notice, and the explanation of each gap. Every change is a new version.
public struct RecordingSessionService: Sendable {
    /// A session as stored: its latest version and the activity it belongs to.
    public struct Saved: Sendable {
        public let session: RecordingSession
        public let activityID: UUID
        public let version: Int
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A session made of `recordIDs` (media records of the activity, in capture order).
    public func create(
        activityID: UUID, medium: MediaKind, recordIDs: [UUID], counterpartyToldRecordingStarted: Bool, by staff: StaffMember
    ) async throws -> Saved {
        let db = context.database
        guard try await ActivityModel.find(activityID, on: db) != nil else {
            throw ServiceRefusal.invalid("unknown-activity", "执法活动不存在。", errors: ["activityId": "不存在"])
        }
        var segments: [RecordingSession.Segment] = []
        for (index, id) in recordIDs.enumerated() {
            // A video session is made of video records only: photos cannot stand in for R5's video.
            guard let record = try await RecordModel.find(id, on: db)?.domain(), record.activityID == activityID,
                  record.kind == Record.Kind(medium), let start = record.captureStart, let end = record.captureEnd else {
                throw ServiceRefusal.invalid(
                    "invalid-segment", "第 \(index + 1) 段不是本次执法活动带拍摄起止时间的\(medium.chineseName)记录。",
                    errors: ["recordIds": "第 \(index + 1) 段无效"])
            }
            segments.append(.init(recordID: id, start: start, end: end))
        }
        let session = RecordingSession(
            medium: medium, segments: segments, counterpartyToldRecordingStarted: counterpartyToldRecordingStarted)
        try Self.check(session)
        let version = try await ActivityStore(ledger: context.ledger).save(
            session, activityID: activityID, by: staff.id, on: db, at: context.clock.nowSeconds)
        return Saved(session: session, activityID: activityID, version: version)
    }

    public func session(_ id: UUID) async throws -> Saved {
        guard let found = try await ActivityQueries(database: context.database).latestSessionVersion(id) else {
            throw ServiceRefusal.notFound("记录会话不存在。")
        }
        return Saved(session: found.session, activityID: found.activityID, version: found.version)
    }

    /// Adds `explanation` to session `sessionID` as a new version. SPEC R7: a gap is explained by
    /// a reason and a text, stated in the recording at hh:mm:ss or in a written statement record.
    public func explain(_ sessionID: UUID, _ explanation: InterruptionExplanation, by staff: StaffMember) async throws -> Saved {
        let db = context.database
        let found = try await session(sessionID)
        let hasRecorded = try await RecordModel.query(on: db)
            .filter(\.$activityID == found.activityID).filter(\.$createdBy == staff.id).count() > 0
        guard ActivityAccess.mayExplainGap(role: staff.role, hasRecordedInActivity: hasRecorded) else {
            throw ServiceRefusal(.forbidden, type: "not-your-activity", detail: "只能说明您参与录制的执法活动中的中断。")
        }
        var errors: [String: String] = [:]
        if explanation.afterSegment < 0 || explanation.afterSegment >= found.session.segments.count - 1 {
            errors["afterSegment"] = "不存在的中断"
        }
        if explanation.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors["text"] = "必填"
        }
        if case .writtenStatement(let recordID) = explanation.evidence,
           try await RecordModel.query(on: db).filter(\.$id == recordID).filter(\.$activityID == found.activityID)
            .filter(\.$kind ~~ [Record.Kind.document.rawValue, Record.Kind.scan.rawValue]).count() == 0 {
            errors["evidence"] = "书面说明记录不存在"
        }
        if let problem = errors["afterSegment"] {
            throw ServiceRefusal.invalid("no-such-gap", "第 \(explanation.afterSegment) 段之后没有中断。", errors: errors.merging(["afterSegment": problem]) { a, _ in a })
        }
        if errors["text"] != nil {
            throw ServiceRefusal.invalid("explanation-text-missing", "请说明中断的具体情况。", errors: errors)
        }
        if errors["evidence"] != nil {
            throw ServiceRefusal.invalid("unknown-statement", "书面说明必须是本次执法活动的文书或扫描件。", errors: errors)
        }
        var session = found.session
        session.interruptions.append(explanation)
        try Self.check(session)
        let version = try await ActivityStore(ledger: context.ledger).save(
            session, activityID: found.activityID, by: staff.id, on: db, at: context.clock.nowSeconds)
        return Saved(session: session, activityID: found.activityID, version: version)
    }

    static func check(_ session: RecordingSession) throws {
        let problems = session.problems()
        guard problems.isEmpty else {
            throw ServiceRefusal.invalid("invalid-session", problems.map(\.description).joined(separator: "；"))
        }
    }
}
