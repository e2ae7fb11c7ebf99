import Domain
import Persistence
import Vapor

/// The correction-request inbox for staff (SPEC P9.2): list, read, answer. Answering meets the
/// request's 5-working-day obligation; a correction of the publication itself goes through the
/// publication workflow (`PublicationController`), reviewed by a second person (SPEC P11).
struct CorrectionRequestController: RouteCollection {
    struct AnswerInput: Content {
        /// `corrected` or `replied`.
        let outcome: String
        let reply: String
    }

    struct Item: Content {
        let request: CorrectionRequest
        let answer: CorrectionAnswer?
        let obligation: ObligationStatus?
    }

    func boot(routes: RoutesBuilder) throws {
        let base: [PathComponent] = ["api", "v1", "correction-requests"]
        routes.protected(.GET, base, action: .answerCorrectionRequest, use: list)
        routes.protected(.GET, base + [":id"], action: .answerCorrectionRequest, use: show)
        routes.protected(.POST, base + [":id", "answer"], action: .answerCorrectionRequest, use: answer)
    }

    @Sendable
    func list(req: Request) async throws -> Page<Item> {
        let paging = try req.query.decode(PageQuery.self)
        let (entries, total) = try await CorrectionRequestStore(ledger: req.ledgerWriter).list(
            unansweredOnly: req.query[String.self, at: "unanswered"] == "1", offset: paging.offset, limit: paging.perPage, on: req.db)
        var items: [Item] = []
        for entry in entries { items.append(try await item(entry, req: req)) }
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func show(req: Request) async throws -> Item {
        try await item(try await entry(req), req: req)
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        let input = try req.decodeBody(AnswerInput.self)
        guard let outcome = CorrectionAnswer.Outcome(rawValue: input.outcome) else {
            throw Problem.unprocessable("invalid-answer", "答复结果应为 corrected 或 replied。", errors: ["outcome": "未知"])
        }
        let entry = try await entry(req)
        guard entry.answer == nil else {
            throw Problem(.conflict, type: "already-answered", title: "与现有数据冲突", detail: "该申请已经答复。")
        }
        guard let obligation = try await ObligationQueries(database: req.db).find(entry.obligationID) else {
            throw Problem.notFound("该申请的办理期限记录不存在。")
        }
        let services = req.application.lawTrail
        let at = services.nowMilliseconds
        let answer: CorrectionAnswer
        switch CorrectionAnswer.make(requestID: entry.request.id, outcome: outcome, reply: input.reply, answeredBy: try req.user.id, answeredAt: at) {
        case .success(let value): answer = value
        case .failure(let problems): throw Problem.unprocessable("invalid-answer", "答复有误。", errors: problems.byField)
        }
        try await CorrectionRequestStore(ledger: req.ledgerWriter).answer(answer, obligation: obligation)
        return try await item(try await self.entry(req), req: req).encodeResponse(status: .created, for: req)
    }

    private func entry(_ req: Request) async throws -> CorrectionRequestStore.Entry {
        guard let entry = try await CorrectionRequestStore(ledger: req.ledgerWriter).find(try req.uuidParameter("id"), on: req.db) else {
            throw Problem.notFound("更正申请不存在。")
        }
        return entry
    }

    private func item(_ entry: CorrectionRequestStore.Entry, req: Request) async throws -> Item {
        let services = req.application.lawTrail
        let obligation = try await ObligationQueries(database: req.db).find(entry.obligationID)
        return Item(
            request: entry.request, answer: entry.answer,
            obligation: obligation.map { ObligationStatus($0, today: services.today, calendar: services.calendar) })
    }
}

extension CorrectionRequest: Content {}
extension CorrectionAnswer: Content {}
