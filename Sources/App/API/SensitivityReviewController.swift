import Domain
import Services
import Vapor

/// The legal section's review of record markings over JSON (SPEC R9.2, R10; issue 13 item 6): the
/// queue, a record's marking history with its effective marking, and the decision.
struct SensitivityReviewController: RouteCollection {
    struct ReviewInput: Content {
        let marking: Sensitivity
        let reason: String?
    }

    struct ReviewBody: Content {
        let id: UUID
        let recordId: UUID
        let previous: Sensitivity
        let marking: Sensitivity
        let decision: SensitivityReview.Decision
        let reason: String?
        let reviewedBy: UUID
        let reviewedAt: Date

        init(_ review: SensitivityReview) {
            id = review.id
            recordId = review.recordID
            previous = review.previous
            marking = review.marking
            decision = review.decision
            reason = review.reason
            reviewedBy = review.reviewedBy
            reviewedAt = review.reviewedAt
        }
    }

    struct HistoryBody: Content {
        let recordId: UUID
        /// As the uploader marked it.
        let uploaded: Sensitivity
        /// The marking retrieval obeys: the latest review's, else the uploader's.
        let effective: Sensitivity
        let reviews: [ReviewBody]
    }

    struct QueueItem: Content {
        let record: RecordMetadata
        let caseNumber: String
        let causes: [String]
    }

    struct QueueBody: Content {
        let items: [QueueItem]
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, URLs.apiSensitivityReviews.components, action: .reviewSensitivity, use: queue)
        routes.protected(.GET, URLs.apiRecordSensitivityReviews.components, action: .viewActivity, use: history)
        routes.protected(.POST, URLs.apiRecordSensitivityReviews.components, action: .reviewSensitivity, use: review)
    }

    @Sendable
    func queue(req: Request) async throws -> QueueBody {
        let items = try await SensitivityReviewService(req.serviceContext).queue()
        return QueueBody(items: items.map {
            QueueItem(record: RecordMetadata($0.record), caseNumber: $0.caseNumber, causes: $0.causes.map(\.chineseDescription))
        })
    }

    @Sendable
    func history(req: Request) async throws -> HistoryBody {
        let services = req.serviceContext
        let record = try await RecordService(services).record(try req.uuidParameter("id"))
        let service = SensitivityReviewService(services)
        let reviews = try await service.history(record.id)
        return HistoryBody(
            recordId: record.id, uploaded: record.sensitivity,
            effective: try await service.effectiveSensitivity(record, reviews: reviews),
            reviews: reviews.map(ReviewBody.init))
    }

    @Sendable
    func review(req: Request) async throws -> Response {
        let input = try req.decodeBody(ReviewInput.self)
        let recordID = try req.uuidParameter("id")
        let review = try await req.loggingRefusal("sensitivity review of \(recordID.uuidString.lowercased())") {
            try await SensitivityReviewService(req.serviceContext).review(
                recordID, marking: input.marking, reason: input.reason, by: try req.staff)
        }
        let response = try await ReviewBody(review).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: URLs.apiRecordSensitivityReviews.path(recordID))
        return response
    }
}
