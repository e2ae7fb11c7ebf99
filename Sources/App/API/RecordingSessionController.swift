import Domain
import Fluent
import Persistence
import Services
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
        routes.protected(.POST, URLs.apiRecordingSessions.components, action: .uploadMedia, use: create)
        routes.protected(.GET, URLs.apiRecordingSession.components, action: .viewActivity, use: get)
        routes.protected(.POST, URLs.apiGapExplanations.components, action: .explainGap, use: explain)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(SessionInput.self)
        let saved = try await RecordingSessionService(req.serviceContext).create(
            activityID: input.activityId, medium: input.medium ?? .video, recordIDs: input.recordIds,
            counterpartyToldRecordingStarted: input.counterpartyToldRecordingStarted, by: try req.staff)
        return try await Self.body(saved).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func get(req: Request) async throws -> SessionBody {
        Self.body(try await RecordingSessionService(req.serviceContext).session(try req.uuidParameter("id")))
    }

    /// SPEC R7: a gap is explained by a reason and a text, stated in the recording at hh:mm:ss
    /// or in a written statement record attached afterwards.
    @Sendable
    func explain(req: Request) async throws -> Response {
        let explanation = try req.decodeBody(InterruptionExplanation.self)
        let saved = try await RecordingSessionService(req.serviceContext)
            .explain(try req.uuidParameter("id"), explanation, by: try req.staff)
        return try await Self.body(saved).encodeResponse(status: .created, for: req)
    }

    static func body(_ saved: RecordingSessionService.Saved) -> SessionBody {
        SessionBody(session: saved.session, activityId: saved.activityID, version: saved.version,
                    gaps: saved.session.gaps(), unexplainedGaps: saved.session.unexplainedGaps())
    }
}
extension InterruptionExplanation: Content {}
