import Domain
import Persistence
import Services
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

    /// A request that arrived by letter or e-mail (issue 13 item 5 (c)).
    struct WrittenInput: Content {
        let publicationId: UUID
        let name: String
        let contact: String
        let description: String
        /// `letter` or `email`.
        let channel: String
        /// The day the bureau received it (YYYY-MM-DD; not in the future): the 5 working days count from it.
        let receivedOn: String
    }

    struct Item: Content {
        let request: CorrectionRequest
        let answer: CorrectionAnswer?
        let obligation: ObligationStatus?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, URLs.apiCorrectionRequests.components, action: .answerCorrectionRequest, use: list)
        routes.protected(.GET, URLs.apiCorrectionRequest.components, action: .answerCorrectionRequest, use: show)
        routes.protected(.POST, URLs.apiCorrectionAnswer.components, action: .answerCorrectionRequest, use: answer)
        routes.protected(.POST, URLs.apiWrittenCorrectionRequests.components, action: .answerCorrectionRequest, use: enterWritten)
    }

    @Sendable
    func enterWritten(req: Request) async throws -> Response {
        let input = try req.decodeBody(WrittenInput.self)
        let service = CorrectionRequestService(req.serviceContext)
        let (request, _) = try await service.enterWritten(
            publicationID: input.publicationId, name: input.name, contact: input.contact, description: input.description,
            channel: input.channel, receivedOn: input.receivedOn, by: try req.staff)
        return try await Item(try await service.request(request.id)).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func list(req: Request) async throws -> Page<Item> {
        let paging = try req.query.decode(PageQuery.self)
        let (items, total) = try await CorrectionRequestService(req.serviceContext).list(
            unansweredOnly: req.query[String.self, at: "unanswered"] == "1", offset: paging.offset, limit: paging.perPage)
        return Page(items: items.map(Item.init), page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func show(req: Request) async throws -> Item {
        Item(try await CorrectionRequestService(req.serviceContext).request(try req.uuidParameter("id")))
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        let input = try req.decodeBody(AnswerInput.self)
        let answered = try await CorrectionRequestService(req.serviceContext)
            .answer(try req.uuidParameter("id"), outcome: input.outcome, reply: input.reply, by: try req.staff)
        return try await Item(answered).encodeResponse(status: .created, for: req)
    }
}

extension CorrectionRequestController.Item {
    init(_ item: CorrectionRequestService.Item) {
        self.init(request: item.request, answer: item.answer, obligation: item.obligation)
    }
}

extension CorrectionRequest: Content {}
extension CorrectionAnswer: Content {}
