import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Documents from templates in the browser (issue 6 item 3; SPEC R4): choose a template, fill its
/// fields — required ones marked — and save; a refusal names each field and keeps what was typed.
struct DocumentPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffNewDocument.components, action: .createTextRecord, use: form)
        routes.staff(.POST, URLs.staffDocuments.components, action: .createTextRecord, use: create)
    }

    struct Page: Content {
        struct Field: Content {
            let key: String
            let label: String
            let required: Bool
            let inputType: String
            let multiline: Bool
            let value: String
            let error: String?
        }
        struct Option: Content {
            let value: String
            let label: String
            let selected: Bool
        }
        let ctx: StaffContext
        /// The record's marking (SPEC R9.2): who may open it without approval.
        let sensitivities: [Option]
        let activityID: String
        let activityURL: String
        let templates: [Option]
        let templateID: String
        let templateTitle: String
        let fields: [Field]
        let error: String?
    }

    @Sendable
    func form(req: Request) async throws -> View {
        let template = DocumentTemplate.named(req.query[String.self, at: "template"] ?? "") ?? DocumentTemplate.all[0]
        return try await render(req, template: template, values: [:], errors: [:], error: nil)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let activityID = try req.uuidParameter("id")
        let form = try req.content.decode([String: String].self)
        guard let template = DocumentTemplate.named(form["templateId"] ?? "") else { throw Abort(.badRequest) }
        let sensitivity = form["sensitivity"].flatMap(Sensitivity.init(rawValue:)) ?? .none
        var values: [String: String] = [:]
        for field in template.fields {
            let value = (form["f." + field.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { values[field.key] = value }
        }
        do {
            _ = try await RecordService(req.serviceContext)
                .createDocument(activityID: activityID, templateID: template.id, values: values, sensitivity: sensitivity, by: try req.staff)
            return req.redirect(to: URLs.staffActivity.path(activityID), redirectType: .normal)
        } catch let refusal as ServiceRefusal where refusal.kind == .invalid {
            return try await render(req, template: template, values: values, errors: refusal.errors, error: refusal.detail, sensitivity: sensitivity)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    private func render(
        _ req: Request, template: DocumentTemplate, values: [String: String], errors: [String: String], error: String?,
        sensitivity: Sensitivity = .none
    ) async throws -> View {
        let activityID = try req.uuidParameter("id")
        let fields = template.fields.map { field in
            Page.Field(
                key: field.key, label: field.label, required: field.required,
                inputType: field.kind == .date ? "date" : (field.kind == .dateTime ? "datetime-local" : (field.kind == .number ? "number" : "text")),
                multiline: field.kind == .multiline, value: values[field.key] ?? "", error: errors[field.key])
        }
        return try await req.view.render("staff/document", Page(
            ctx: try StaffContext(req),
            sensitivities: Sensitivity.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0 == sensitivity) },
            activityID: activityID.uuidString.lowercased(), activityURL: URLs.staffActivity.path(activityID),
            templates: DocumentTemplate.all.map { .init(value: $0.id, label: $0.title, selected: $0.id == template.id) },
            templateID: template.id, templateTitle: template.title, fields: fields, error: error))
    }
}
