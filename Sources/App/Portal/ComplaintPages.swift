import Domain
import Persistence
import Services
import Vapor

/// The public complaint and report form, its receipt and the status check (投诉举报, SPEC R13; issue
/// 15 item 3). The same protections as the correction form (`CorrectionPages`): a CSRF token, a
/// per-client limit per hour and a limit for everyone per day, both counted in the database (the
/// correction form's settings), and size limits on every field. No attachments: a complainant with
/// papers sends them by letter (entered by staff). The status check needs the receipt number and
/// the contact given; the page never shows anything personal.
struct ComplaintPages: RouteCollection {
    struct FormInput: Content {
        var csrf: String?
        var kind: String?
        var subject: String?
        var concerning: String?
        var name: String?
        var contact: String?
        var idNumber: String?
        var address: String?
    }

    struct StatusInput: Content {
        var receipt: String?
        var contact: String?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.complaintForm.components, use: form)
        routes.on(.POST, SiteURL.complaints.components, body: .collect(maxSize: "64kb"), use: submit)
        routes.get(SiteURL.complaintStatus.components, use: statusForm)
        routes.on(.POST, SiteURL.complaintStatus.components, body: .collect(maxSize: "16kb"), use: status)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        try await render(req, input: FormInput(), errors: [:], status: .ok)
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let input = try req.content.decode(FormInput.self)
        guard CSRFToken.isValid(input.csrf, for: req) else {
            return try await render(req, input: input, errors: ["form": "页面已过期，请重新提交。"], status: .forbidden)
        }
        let services = req.application.lawTrail
        let clientKey = services.personalData.lookupHash("complaint-client:" + (req.clientAddress ?? "unknown"))
        let complaint: Complaint
        do {
            complaint = try await ComplaintService(req.serviceContext).receive(
                Complaint.Input(
                    kind: input.kind, subject: input.subject ?? "", concerning: input.concerning ?? "", name: input.name ?? "",
                    contact: input.contact ?? "", idNumber: input.idNumber ?? "", address: input.address ?? ""),
                clientKey: clientKey,
                limits: CorrectionIntakeLimits(
                    perClientPerHour: services.config.correctionRequestsPerHour, perDay: services.config.correctionRequestsPerDay))
        } catch let refusal as ServiceRefusal where refusal.kind == .tooManyRequests {
            return try await render(req, input: input, errors: ["form": refusal.detail], status: .tooManyRequests)
        } catch let refusal as ServiceRefusal {
            var errors = refusal.errors
            errors["form"] = "提交的内容有误，请按提示修改后重新提交。"
            return try await render(req, input: input, errors: errors, status: .unprocessableEntity)
        }
        let page = ComplaintReceiptPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, receipt: complaint.receipt,
            kindName: complaint.kind.chineseName, dueDescription: complaint.due.chineseDescription, workdays: complaint.workdays,
            statusURL: SiteURL.complaintStatus.path)
        return try await req.view.render("complaint-receipt", page).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func statusForm(req: Request) async throws -> View {
        try await req.view.render("complaint-status", ComplaintStatusPage.empty(req))
    }

    @Sendable
    func status(req: Request) async throws -> Response {
        let input = try req.content.decode(StatusInput.self)
        var page = ComplaintStatusPage.empty(req)
        page.receipt = String((input.receipt ?? "").trimmingCharacters(in: .whitespaces).uppercased().prefix(32))
        // One answer for "no such receipt" and "wrong contact", so the form cannot probe receipts.
        guard let status = try await ComplaintService(req.serviceContext).status(receipt: input.receipt ?? "", contact: input.contact ?? "") else {
            page.error = "未找到该受理编号，或联系方式与提交时填写的不一致。"
            return try await req.view.render("complaint-status", page).encodeResponse(status: .notFound, for: req)
        }
        page.found = true
        page.kindName = status.kind.chineseName
        page.receivedOn = status.receivedOn.chinese
        page.dueDescription = status.due.chineseDescription
        if let answer = status.answer {
            page.statusName = "已答复"
            page.outcome = answer.outcome.chineseName
            page.answeredOn = answer.answeredOn.chinese
            page.reply = answer.text
        } else if status.overdue {
            page.statusName = "办理中（已超过答复期限）"
        } else {
            page.statusName = "办理中"
            page.workdaysLeft = status.workdaysLeft.map { "\($0)个工作日" }
        }
        return try await req.view.render("complaint-status", page).encodeResponse(for: req)
    }

    private func render(_ req: Request, input: FormInput, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let services = req.application.lawTrail
        let token = CSRFToken.token(for: req)
        let workdays = (try? await ComplaintService(req.serviceContext).policy().workdays) ?? ComplaintPolicy.defaultWorkdays
        let page = ComplaintFormPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, csrf: token.value,
            isComplaint: input.kind == Complaint.Kind.complaint.rawValue, isReport: input.kind == Complaint.Kind.report.rawValue,
            subject: input.subject ?? "", concerning: input.concerning ?? "", name: input.name ?? "", contact: input.contact ?? "",
            idNumber: input.idNumber ?? "", address: input.address ?? "", errors: errors, hasErrors: !errors.isEmpty,
            maxSubject: Complaint.maxSubjectLength, workdays: workdays)
        let response = try await req.view.render("complaint-form", page).encodeResponse(status: status, for: req)
        CSRFToken.attach(token, to: response, req: req)
        return response
    }
}

struct ComplaintFormPage: Content {
    let bureauName: String
    let todayChinese: String
    let csrf: String
    let isComplaint: Bool
    let isReport: Bool
    let subject: String
    let concerning: String
    let name: String
    let contact: String
    let idNumber: String
    let address: String
    let errors: [String: String]
    let hasErrors: Bool
    let maxSubject: Int
    let workdays: Int
}

struct ComplaintReceiptPage: Content {
    let bureauName: String
    let todayChinese: String
    let receipt: String
    let kindName: String
    let dueDescription: String
    let workdays: Int
    let statusURL: String
}

struct ComplaintStatusPage: Content {
    let bureauName: String
    let todayChinese: String
    var receipt: String = ""
    var error: String?
    var found = false
    var kindName: String?
    var receivedOn: String?
    var dueDescription: String?
    var workdaysLeft: String?
    var statusName: String?
    var outcome: String?
    var answeredOn: String?
    var reply: String?

    static func empty(_ req: Request) -> ComplaintStatusPage {
        let services = req.application.lawTrail
        return ComplaintStatusPage(bureauName: services.config.bureauName, todayChinese: services.today.chinese)
    }
}
