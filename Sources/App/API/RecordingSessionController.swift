import Domain
import Fluent
import Persistence
import Vapor

/// Recording sessions (SPEC R7; issue 4 item 4): the ordered media segments of one act's
/// continuous recording, the start-of-recording notice, and the explanation of each gap.
/// Every change is a new version of the session; earlier versions stay.
struct RecordingSessionController: RouteCollection {
    struct SessionInput: Content {
        let activityId: UUID
        let medium: MediaKind?
        /// Media records in capture order; their capture times make the segments.
        let recordIds: [UUID]
        let counterpartyToldRecordingStarted: Bool
    }

    struct SessionBody: Content {
        let session: RecordingSession
        let activityId: UUID
        let version: Int
        let gaps: [RecordingSession.Gap]
        let unexplainedGaps: [RecordingSession.Gap]
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, ["api", "v1", "recording-sessions"], action: .uploadMedia, use: create)
        routes.protected(.GET, ["api", "v1", "recording-sessions", ":id"], action: .viewActivity, use: get)
        routes.protected(.POST, ["api", "v1", "recording-sessions", ":id", "explanations"], action: .explainGap, use: explain)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(SessionInput.self)
        guard try await ActivityModel.find(input.activityId, on: req.db) != nil else {
            throw Problem.unprocessable("unknown-activity", "执法活动不存在。", errors: ["activityId": "不存在"])
        }
        let medium = input.medium ?? .video
        var segments: [RecordingSession.Segment] = []
        for (index, id) in input.recordIds.enumerated() {
            // A video session is made of video records only: photos cannot stand in for R5's video.
            guard let record = try await RecordModel.find(id, on: req.db)?.domain(), record.activityID == input.activityId,
                  record.kind == Record.Kind(medium), let start = record.captureStart, let end = record.captureEnd else {
                throw Problem.unprocessable(
                    "invalid-segment", "第 \(index + 1) 段不是本次执法活动带拍摄起止时间的\(medium.chineseName)记录。",
                    errors: ["recordIds": "第 \(index + 1) 段无效"])
            }
            segments.append(.init(recordID: id, start: start, end: end))
        }
        let session = RecordingSession(
            medium: medium, segments: segments,
            counterpartyToldRecordingStarted: input.counterpartyToldRecordingStarted)
        try Self.check(session)
        let version = try await ActivityStore(ledger: req.ledgerWriter).save(
            session, activityID: input.activityId, by: try req.user.id, on: req.db)
        return try await Self.body(session, activityID: input.activityId, version: version).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func get(req: Request) async throws -> SessionBody {
        guard let found = try await ActivityQueries(database: req.db).latestSessionVersion(try req.uuidParameter("id")) else {
            throw Problem.notFound("记录会话不存在。")
        }
        return Self.body(found.session, activityID: found.activityID, version: found.version)
    }

    /// SPEC R7: a gap is explained by a reason and a text, stated in the recording at hh:mm:ss
    /// or in a written statement record attached afterwards.
    @Sendable
    func explain(req: Request) async throws -> Response {
        let explanation = try req.decodeBody(InterruptionExplanation.self)
        return try await Self.explain(try req.uuidParameter("id"), explanation, req: req).encodeResponse(status: .created, for: req)
    }

    /// Adds `explanation` to session `sessionID` as a new version (also used by the staff pages).
    static func explain(_ sessionID: UUID, _ explanation: InterruptionExplanation, req: Request) async throws -> SessionBody {
        guard let found = try await ActivityQueries(database: req.db).latestSessionVersion(sessionID) else {
            throw Problem.notFound("记录会话不存在。")
        }
        // SPEC R7: every interruption has a reason and a text.
        guard explanation.afterSegment >= 0, explanation.afterSegment < found.session.segments.count - 1 else {
            throw Problem.unprocessable("no-such-gap", "第 \(explanation.afterSegment) 段之后没有中断。", errors: ["afterSegment": "不存在的中断"])
        }
        guard !explanation.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.unprocessable("explanation-text-missing", "请说明中断的具体情况。", errors: ["text": "必填"])
        }
        if case .writtenStatement(let recordID) = explanation.evidence,
           try await RecordModel.query(on: req.db).filter(\.$id == recordID).filter(\.$activityID == found.activityID)
            .filter(\.$kind ~~ [Record.Kind.document.rawValue, Record.Kind.scan.rawValue]).count() == 0 {
            throw Problem.unprocessable("unknown-statement", "书面说明必须是本次执法活动的文书或扫描件。", errors: ["evidence": "书面说明记录不存在"])
        }
        var session = found.session
        session.interruptions.append(explanation)
        try Self.check(session)
        let version = try await ActivityStore(ledger: req.ledgerWriter).save(
            session, activityID: found.activityID, by: try req.user.id, on: req.db)
        return Self.body(session, activityID: found.activityID, version: version)
    }

    static func check(_ session: RecordingSession) throws {
        let problems = session.problems()
        guard problems.isEmpty else {
            throw Problem.unprocessable("invalid-session", problems.map(\.description).joined(separator: "；"))
        }
    }

    static func body(_ session: RecordingSession, activityID: UUID, version: Int) -> SessionBody {
        SessionBody(session: session, activityId: activityID, version: version,
                    gaps: session.gaps(), unexplainedGaps: session.unexplainedGaps())
    }
}

extension InterruptionExplanation: Content {}
