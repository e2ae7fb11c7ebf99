import Domain
import Persistence
import Services
import Vapor

/// The public correction-request form and status check (SPEC P9.2; issue 5 item 7).
///
/// A request is always about one publication: the form is opened from its page. It gives a receipt
/// number; the bureau must answer within 5 working days (an obligation, SPEC X2); the requester reads
/// the status back with the receipt number and the contact given. Spam resistance: a CSRF token, a
/// per-client limit per hour (counted in the database, so it holds across restarts and servers), size
/// limits on every field and a 5 MiB attachment of PDF, JPEG or PNG only, checked by its bytes.
struct CorrectionPages: RouteCollection {
    static let maxAttachmentBytes = 5 << 20

    struct FormInput: Content {
        var csrf: String?
        var publication: String?
        var name: String?
        var contact: String?
        var description: String?
        var attachment: File?
    }

    struct StatusInput: Content {
        var receipt: String?
        var contact: String?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.correctionForm.components, use: form)
        routes.on(.POST, SiteURL.correctionRequests.components, body: .collect(maxSize: "6mb"), use: submit)
        routes.get(SiteURL.correctionStatus.components, use: statusForm)
        routes.on(.POST, SiteURL.correctionStatus.components, body: .collect(maxSize: "16kb"), use: status)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        let id = req.query[String.self, at: "publication"].flatMap(UUID.init(uuidString:))
        let publication = try await Self.publication(id, req: req)
        return try await render(req, publication: publication, input: FormInput(), errors: [:], status: .ok)
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let input = try req.content.decode(FormInput.self)
        let services = req.application.lawTrail
        let id = input.publication.flatMap(UUID.init(uuidString:))
        let publication = try await Self.publication(id, req: req)
        guard CSRFToken.isValid(input.csrf, for: req) else {
            return try await render(req, publication: publication, input: input,
                                    errors: ["form": "页面已过期，请重新提交。"], status: .forbidden)
        }
        guard let publication else {
            return try await render(req, publication: nil, input: input,
                                    errors: ["publication": "请从要更正的公示信息页面进入本表单。"], status: .unprocessableEntity)
        }
        let service = CorrectionRequestService(req.serviceContext)
        let clientKey = services.personalData.lookupHash("client:" + (req.clientAddress ?? "unknown"))
        var attachmentBytes: (data: Data, format: MediaFormat)?
        var attachmentError: String?
        if let file = input.attachment, file.data.readableBytes > 0 {
            let bytes = Data(file.data.readableBytesView)
            if bytes.count > Self.maxAttachmentBytes {
                attachmentError = "附件不超过5MB"
            } else if let format = MediaSniffer.detectFormat(bytes.prefix(64)), [.pdf, .jpeg, .png].contains(format) {
                attachmentBytes = (bytes, format)
            } else {
                attachmentError = "附件仅限 PDF、JPG、PNG 文件"
            }
        }
        let request: CorrectionRequest
        let obligation: Obligation
        do {
            // All problems at once: the attachment's with the form's.
            if let attachmentError {
                var errors = ["attachment": attachmentError]
                if case .failure(let problems) = CorrectionRequest.make(
                    publicationID: publication.publicationID, publicationReference: "", requesterName: input.name ?? "",
                    contact: input.contact ?? "", description: input.description ?? "", attachment: nil, receivedAt: services.now) {
                    errors.merge(problems.byField) { first, _ in first }
                }
                throw ServiceRefusal.invalid("invalid-correction-request", "申请内容有误。", errors: errors)
            }
            (request, obligation) = try await service.receive(
                publication: publication, name: input.name ?? "", contact: input.contact ?? "", description: input.description ?? "",
                attachment: attachmentBytes, clientKey: clientKey,
                storeAttachment: { [blobs = services.blobs, staging = services.blobStore, today = services.today] data in
                    // Kept at least as long as a record that must be archived (BlobLock; issue 17 item 1).
                    try await blobs.store(data, staging: staging, retainUntil: BlobLock.retainUntilInstant(.mustArchive, capturedOn: today))
                },
                limits: CorrectionIntakeLimits(
                    perClientPerHour: services.config.correctionRequestsPerHour, perDay: services.config.correctionRequestsPerDay))
        } catch let refusal as ServiceRefusal where refusal.kind == .tooManyRequests {
            return try await render(req, publication: publication, input: input, errors: ["form": refusal.detail], status: .tooManyRequests)
        } catch let refusal as ServiceRefusal {
            return try await render(req, publication: publication, input: input, errors: refusal.errors, status: .unprocessableEntity)
        }
        let page = CorrectionReceiptPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, receipt: request.receipt,
            publicationTitle: request.publicationReference, dueDescription: obligation.due.chineseDescription,
            statusURL: SiteURL.correctionStatus.path)
        return try await req.view.render("correction-receipt", page).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func statusForm(req: Request) async throws -> View {
        try await req.view.render("correction-status", CorrectionStatusPage.empty(req))
    }

    @Sendable
    func status(req: Request) async throws -> Response {
        let input = try req.content.decode(StatusInput.self)
        let receipt = (input.receipt ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let contact = input.contact ?? ""
        var page = CorrectionStatusPage.empty(req)
        page.receipt = String(receipt.prefix(32))
        // One answer for "no such receipt" and "wrong contact", so the form cannot probe receipts.
        guard !receipt.isEmpty, let entry = try await CorrectionRequestStore(ledger: req.application.lawTrail.ledger.writer).find(receipt: receipt, on: req.db),
              entry.request.matchesContact(contact) else {
            page.error = "未找到该受理编号，或联系方式与申请时填写的不一致。"
            return try await req.view.render("correction-status", page).encodeResponse(status: .notFound, for: req)
        }
        let services = req.application.lawTrail
        let obligation = try await ObligationQueries(database: req.db).find(entry.obligationID)
        page.found = true
        page.receivedOn = CivilDate(entry.request.receivedAt).chinese
        page.dueDescription = obligation?.due.chineseDescription
        page.publicationTitle = entry.request.publicationReference
        if let answer = entry.answer {
            page.statusName = answer.outcome.chineseName
            page.answeredOn = CivilDate(answer.answeredAt).chinese
            page.reply = answer.reply
        } else {
            page.statusName = obligation.map { $0.state(on: services.today) == .overdue ? "办理中（已超过答复期限）" : "办理中" } ?? "办理中"
        }
        return try await req.view.render("correction-status", page).encodeResponse(for: req)
    }

    // MARK: - Helpers

    /// The published version of a public publication, or nil.
    static func publication(_ id: UUID?, req: Request) async throws -> PublicationVersion? {
        guard let id, let publication = try await PublicationQueries(database: req.db).publication(id),
              let view = PublicView(publication), view.hasContent else { return nil }
        return publication.publishedVersion
    }

    private func render(
        _ req: Request, publication: PublicationVersion?, input: FormInput, errors: [String: String], status: HTTPResponseStatus
    ) async throws -> Response {
        let services = req.application.lawTrail
        let token = CSRFToken.token(for: req)
        let page = CorrectionFormPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, csrf: token.value,
            publicationID: publication?.publicationID.lowercased ?? "",
            publicationTitle: publication.map { PublicContent.shown($0).title },
            searchURL: SiteURL.publications.path,
            name: input.name ?? "", contact: input.contact ?? "", description: input.description ?? "",
            errors: errors, hasErrors: !errors.isEmpty,
            maxDescription: CorrectionRequest.maxDescriptionLength)
        let response = try await req.view.render("correction-form", page).encodeResponse(status: status, for: req)
        CSRFToken.attach(token, to: response, req: req)
        return response
    }
}

struct CorrectionFormPage: Content {
    let bureauName: String
    let todayChinese: String
    let csrf: String
    let publicationID: String
    let publicationTitle: String?
    let searchURL: String
    let name: String
    let contact: String
    let description: String
    let errors: [String: String]
    let hasErrors: Bool
    let maxDescription: Int
}

struct CorrectionReceiptPage: Content {
    let bureauName: String
    let todayChinese: String
    let receipt: String
    let publicationTitle: String
    let dueDescription: String
    let statusURL: String
}

struct CorrectionStatusPage: Content {
    let bureauName: String
    let todayChinese: String
    var receipt: String = ""
    var error: String?
    var found = false
    var publicationTitle: String?
    var receivedOn: String?
    var dueDescription: String?
    var statusName: String?
    var answeredOn: String?
    var reply: String?

    static func empty(_ req: Request) -> CorrectionStatusPage {
        let services = req.application.lawTrail
        return CorrectionStatusPage(bureauName: services.config.bureauName, todayChinese: services.today.chinese)
    }
}
