import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The publication workflow over HTTP for staff (SPEC P2, P7–P11; issue 5 items 1–3, 5): draft (by
/// hand or from a case file), revise, submit, approve or send back, publish, correct (proposed by
/// one person, applied by another), withdraw, end early. Each step is `PublicationWorkflow`'s; this
/// controller only parses, looks up names, and maps refusals to problems.
struct PublicationController: RouteCollection {
    struct DisclosureInput: Content {
        let legalBasis: String
        /// 依法不予公开 when set, with `reason`.
        let withheld: Bool?
        let reason: String?
    }

    struct ContentInput: Content {
        let title: String
        let fields: [String: String]
        let disclosure: DisclosureInput
        let unitId: UUID
        /// The responsible person: an officer of the directory (SPEC P2 “谁执法、谁公示、谁负责”).
        let personId: UUID
        let counterpartyId: UUID?
        /// Why a published item is corrected (corrections only).
        let correctionReason: String?
    }

    struct DraftInput: Content {
        let kind: String
        let content: ContentInput
        let sourceCaseId: UUID?
        let sourceActivityId: UUID?
    }

    struct FromCaseInput: Content {
        let personId: UUID
        let legalBasis: String?
    }

    struct ReasonInput: Content {
        let reason: String
    }

    struct ApproveInput: Content {
        /// The publicity-period category the approver fixes (SPEC P7.5; issue 13 item 4): for a
        /// penalty `minor-penalty`, `general-penalty` (default) or `serious-penalty`.
        let category: String?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, URLs.apiPublications.components, action: .draftPublication, use: list)
        routes.protected(.POST, URLs.apiPublications.components, action: .draftPublication, use: draft)
        routes.protected(.POST, URLs.apiPublicationFromCase.components, action: .draftPublication, use: draftFromCase)
        routes.protected(.POST, URLs.apiPublicationFromOfficer.components, action: .draftPublication, use: draftFromOfficer)
        routes.protected(.GET, URLs.apiPublication.components, action: .draftPublication, use: show)
        routes.protected(.POST, URLs.apiPublicationStep(.revise).components, action: .draftPublication, use: revise)
        routes.protected(.POST, URLs.apiPublicationStep(.submit).components, action: .draftPublication, use: submit)
        routes.protected(.POST, URLs.apiPublicationStep(.approve).components, action: .approvePublication, use: approve)
        routes.protected(.POST, URLs.apiPublicationStep(.sendBack).components, action: .approvePublication, use: sendBack)
        routes.protected(.POST, URLs.apiPublicationStep(.publish).components, action: .publishPublication, use: publish)
        routes.protected(.POST, URLs.apiPublicationStep(.corrections).components, action: .correctPublication, use: proposeCorrection)
        routes.protected(.POST, URLs.apiPublicationStep(.applyCorrection).components, action: .approvePublication, use: applyCorrection)
        routes.protected(.POST, URLs.apiPublicationStep(.rejectCorrection).components, action: .approvePublication, use: rejectCorrection)
        routes.protected(.POST, URLs.apiPublicationStep(.withdraw).components, action: .withdrawPublication, use: withdraw)
        routes.protected(.POST, URLs.apiPublicationStep(.endEarly).components, action: .withdrawPublication, use: endEarly)
        routes.protected(.POST, URLs.apiPublicityExpire.components, action: .withdrawPublication, use: expire)
        routes.protected(.POST, URLs.apiCertificateEnds.components, action: .manageOfficers, use: certificateEnds)
    }

    // MARK: Reading

    @Sendable
    func list(req: Request) async throws -> Page<PublicationQueries.StaffItem> {
        let paging = try req.query.decode(PageQuery.self)
        let state = req.query[String.self, at: "state"]
        let kind = try req.query[String.self, at: "kind"].map(Self.kind)
        let (items, total) = try await PublicationService(req.serviceContext)
            .list(state: state, kind: kind, offset: paging.offset, limit: paging.perPage)
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func show(req: Request) async throws -> Publication {
        try await PublicationService(req.serviceContext).publication(try req.uuidParameter("id"))
    }

    // MARK: Drafting

    @Sendable
    func draft(req: Request) async throws -> Response {
        let input = try req.decodeBody(DraftInput.self)
        let publication = try await PublicationService(req.serviceContext).draft(
            kind: try Self.kind(input.kind), content: input.content.service, sourceCaseID: input.sourceCaseId,
            sourceActivityID: input.sourceActivityId, by: try req.staff)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    /// A decision's publication drafted from its case file (issue 5 item 1: nothing typed twice).
    @Sendable
    func draftFromCase(req: Request) async throws -> Response {
        let input = try req.decodeBody(FromCaseInput.self)
        let publication = try await PublicationService(req.serviceContext).draftFromCase(
            try req.uuidParameter("caseId"), personID: input.personId, legalBasis: input.legalBasis, by: try req.staff)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    /// An officer's certificate item drafted from the officer record (SPEC P5; the legal section's).
    @Sendable
    func draftFromOfficer(req: Request) async throws -> Response {
        let publication = try await PublicationService(req.serviceContext)
            .draftFromOfficer(try req.uuidParameter("officerId"), by: try req.staff)
        return try await publication.encodeResponse(status: .created, for: req)
    }

    @Sendable
    func revise(req: Request) async throws -> Publication {
        let input = try req.decodeBody(ContentInput.self)
        return try await perform(.revise, req, content: input.service)
    }

    // MARK: Review, publication, corrections, leaving the lists (SPEC P11, P7, P9.1, P9.3, P7.5)

    @Sendable
    func submit(req: Request) async throws -> Publication { try await perform(.submit, req) }

    @Sendable
    func approve(req: Request) async throws -> Publication {
        // The body is optional: without one, the kind's default category.
        let input = try req.decodeOptionalBody(ApproveInput.self) ?? ApproveInput(category: nil)
        var category: PublicityCategory?
        if let slug = input.category {
            guard let chosen = PublicityCategory(rawValue: slug) else {
                throw Problem.badRequest("malformed-parameter", "公示期限类别不正确。", errors: ["category": "未知的类别"])
            }
            category = chosen
        }
        return try await perform(.approve, req, category: category)
    }

    @Sendable
    func sendBack(req: Request) async throws -> Publication {
        try await perform(.sendBack, req, reason: try req.decodeBody(ReasonInput.self).reason)
    }

    @Sendable
    func publish(req: Request) async throws -> Publication {
        // The category was fixed at approval by the legal section (issue 13 item 4); the publisher
        // does not choose it.
        try await perform(.publish, req)
    }

    @Sendable
    func proposeCorrection(req: Request) async throws -> Publication {
        try await perform(.proposeCorrection, req, content: try req.decodeBody(ContentInput.self).service)
    }

    @Sendable
    func applyCorrection(req: Request) async throws -> Publication { try await perform(.applyCorrection, req) }

    @Sendable
    func rejectCorrection(req: Request) async throws -> Publication {
        try await perform(.rejectCorrection, req, reason: try req.decodeBody(ReasonInput.self).reason)
    }

    @Sendable
    func withdraw(req: Request) async throws -> Publication {
        try await perform(.withdraw, req, reason: try req.decodeBody(ReasonInput.self).reason)
    }

    @Sendable
    func endEarly(req: Request) async throws -> Publication {
        try await perform(.endEarly, req, reason: try req.decodeBody(ReasonInput.self).reason)
    }

    /// Records the expiry of every publication whose period has ended (also run hourly by the server).
    @Sendable
    func expire(req: Request) async throws -> ExpirySweep.Result {
        try await PublicationService(req.serviceContext).expire()
    }

    /// Raises the P8 (三) duty of every certificate whose validity ended (issue 13 item 5 (b); also
    /// run hourly by the server, doing the work once a day per certificate).
    @Sendable
    func certificateEnds(req: Request) async throws -> CertificateEndService.Result {
        try await CertificateEndService(req.serviceContext).run()
    }

    // MARK: - Helpers

    private func perform(
        _ step: PublicationStep, _ req: Request, reason: String = "", category: PublicityCategory? = nil,
        content: PublicationService.ContentInput? = nil
    ) async throws -> Publication {
        try await PublicationService(req.serviceContext).perform(
            step, on: try req.uuidParameter("id"), reason: reason, category: category, content: content, by: try req.staff)
    }

    static func kind(_ slug: String) throws -> PublicationKind {
        guard let kind = PublicationKind(rawValue: slug) else {
            throw Problem.badRequest("malformed-parameter", "公示信息类别不正确：\(slug)。", errors: ["kind": "未知的类别"])
        }
        return kind
    }
}

extension PublicationController.ContentInput {
    var service: PublicationService.ContentInput {
        PublicationService.ContentInput(
            title: title, fields: fields, legalBasis: disclosure.legalBasis, withheld: disclosure.withheld == true,
            withheldReason: disclosure.reason, unitID: unitId, personID: personId, counterpartyID: counterpartyId,
            correctionReason: correctionReason)
    }
}

extension Publication: Content {}
extension PublicationQueries.StaffItem: Content {}
extension ExpirySweep.Result: Content {}

extension CertificateEndService.Result: Content {}
