import Domain
import Services
import Vapor

/// The legal section's queue of markings to review (issue 13 item 6; SPEC R9.2, R10): records the
/// uploader marked sensitive or that likely hold personal data, each with why, and a form to
/// confirm the marking or change it with a reason. Each decision is a row and a ledger event; the
/// record page shows the history.
struct SensitivityReviewPages: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffSensitivityReviews.components, action: .reviewSensitivity, use: queue)
        routes.staff(.POST, URLs.staffRecordSensitivityReview.components, action: .reviewSensitivity, use: decide)
    }

    struct QueuePage: Content {
        struct Row: Content {
            let id: String
            let recordURL: String
            let record: String
            let caseNumber: String
            let uploaded: String
            let causes: String
            let markings: [RetrievalPagesController.Option]
        }
        let ctx: StaffContext
        let rows: [Row]
        let count: Int
        let message: String?
        let confirmation: String?
    }

    /// The markings to choose from, the one in force selected (the queue and the record page).
    static func markings(selected: Sensitivity) -> [RetrievalPagesController.Option] {
        Sensitivity.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0 == selected) }
    }

    @Sendable
    func queue(req: Request) async throws -> View {
        let confirmation: String? = req.query[String.self, at: "done"] == "reviewed" ? "已记录审核结果，该记录的标记以本次审核为准。" : nil
        return try await render(req, message: nil, confirmation: confirmation)
    }

    private func render(_ req: Request, message: String?, confirmation: String? = nil) async throws -> View {
        let items = try await SensitivityReviewService(req.serviceContext).queue()
        let rows = items.map { item in
            QueuePage.Row(
                id: item.record.id.uuidString.lowercased(), recordURL: URLs.staffRecord.path(item.record.id),
                record: RetrievalPagesController.recordTitle(item.record), caseNumber: item.caseNumber,
                uploaded: item.record.sensitivity.chineseName,
                causes: item.causes.map(\.chineseDescription).joined(separator: "；"),
                markings: Self.markings(selected: item.record.sensitivity))
        }
        return try await req.view.render("staff/sensitivity-reviews", QueuePage(
            ctx: try StaffContext(req), rows: rows, count: rows.count, message: message, confirmation: confirmation))
    }

    struct DecisionForm: Content {
        var marking: String?
        var reason: String?
        /// Where to go back to: the queue (default) or the record page.
        var back: String?
    }

    @Sendable
    func decide(req: Request) async throws -> Response {
        let form = try req.content.decode(DecisionForm.self)
        let recordID = try req.uuidParameter("id")
        guard let marking = form.marking.flatMap(Sensitivity.init(rawValue:)) else {
            return try await render(req, message: "请选择审核后的标记。").encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await req.loggingRefusal("sensitivity review of \(recordID.uuidString.lowercased())") {
                try await SensitivityReviewService(req.serviceContext).review(
                    recordID, marking: marking, reason: form.reason, by: try req.staff)
            }
            if form.back == "record" {
                return req.redirect(to: URLs.staffRecord.path(recordID) + "?notice=reviewed", redirectType: .normal)
            }
            return req.redirect(to: URLs.staffSensitivityReviews.url + "?done=reviewed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, message: refusal.detail).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }
}
