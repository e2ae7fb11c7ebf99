import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Counterparties in the browser (issue 6 item 4; SPEC R9.4): search by name or USCC, and one page
/// with every case, activity and record about a counterparty. The same service as the API
/// (`CounterpartyDirectory`), so masking of natural persons by role holds here too (SPEC X4).
struct CounterpartyPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffCounterparties.components, action: .viewActivity, use: search)
        routes.staff(.GET, URLs.staffCounterparty.components, action: .viewActivity, use: file)
    }

    struct SearchPage: Content {
        struct Row: Content {
            let url: String
            let name: String
            let identifier: String
            let kind: String
        }
        let ctx: StaffContext
        let q: String
        /// Why the search was refused (issue 12 item 6), shown above the form.
        let error: String?
        let rows: [Row]
        let page: Int
        let total: Int
        let previousURL: String?
        let nextURL: String?
    }

    @Sendable
    func search(req: Request) async throws -> Response {
        let q = req.query[String.self, at: "q"] ?? ""
        let pageNumber = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let per = 20
        let items: [CounterpartyDirectory.Entry]
        let total: Int
        var error: String?
        do {
            (items, total) = try await CounterpartyDirectory(req.serviceContext)
                .search(q, offset: (pageNumber - 1) * per, limit: per, for: try req.staff)
        } catch let refusal as ServiceRefusal where refusal.kind == .tooManyRequests {
            // Issue 12 item 6: the ID-number allowance is used up; say so on the page, answer 429.
            (items, total, error) = ([], 0, refusal.detail)
        }
        let base = URLs.staffCounterparties.url + "?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&"
        return try await req.view.render("staff/counterparties", SearchPage(
            ctx: try StaffContext(req), q: q, error: error,
            rows: items.map { .init(url: URLs.staffCounterparty.path($0.id), name: $0.name,
                                         identifier: $0.identifier, kind: $0.kind == "natural-person" ? "自然人" : "法人及其他组织") },
            page: pageNumber, total: total, previousURL: pageNumber > 1 ? base + "page=\(pageNumber - 1)" : nil,
            nextURL: pageNumber * per < total ? base + "page=\(pageNumber + 1)" : nil))
            .encodeResponse(status: error == nil ? .ok : .tooManyRequests, for: req)
    }

    struct FilePage: Content {
        struct Line: Content {
            let text: String
            let url: String?
        }
        let ctx: StaffContext
        let name: String
        let identifier: String
        let address: String
        let cases: [Line]
        let activities: [Line]
        let records: [Line]
        let recordTotal: Int
    }

    @Sendable
    func file(req: Request) async throws -> View {
        let file = try await CounterpartyDirectory(req.serviceContext)
            .file(try req.uuidParameter("id"), recordOffset: 0, recordLimit: 100, for: try req.staff)
        return try await req.view.render("staff/counterparty", FilePage(
            ctx: try StaffContext(req), name: file.counterparty.name, identifier: file.counterparty.identifier,
            address: file.counterparty.address,
            cases: file.cases.map { .init(text: "\($0.number) \($0.title)（\($0.kind.chineseName)，\($0.openedOn.chinese)立）", url: nil) },
            activities: file.activities.map { .init(text: "\(ShanghaiTime.chinese($0.startedAt)) \($0.kind.chineseName) \($0.site.address)", url: URLs.staffActivity.path($0.id)) },
            records: file.records.map { .init(text: "\($0.kind.chineseName) \($0.templateID.flatMap(DocumentTemplate.named)?.title ?? $0.mimeType ?? "")", url: URLs.staffRecord.path($0.id)) },
            recordTotal: file.recordTotal))
    }
}
