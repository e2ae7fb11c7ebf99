import Domain
import Persistence
import Services
import Vapor

/// 年度执法数据 (SPEC P3, P7.4; issue 13 item 2): the previous year's figures counted from the records,
/// each reporting section confirming its part to the legal section, the report to 市应急管理局 as
/// CSV, and the legal section drafting the publication that meets the 31 January duty.
struct YearlyFiguresPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffYearlyFigures.components, action: .viewYearlyFigures, use: page)
        routes.staff(.POST, URLs.staffYearlyFiguresConfirm.components, action: .confirmYearlyFigures, use: confirm)
        routes.staff(.POST, URLs.staffYearlyFiguresPublication.components, action: .compileYearlyFigures, use: draft)
        routes.staff(.GET, URLs.staffYearlyFiguresReport.components, action: .compileYearlyFigures, use: report)
    }

    struct Page: Content {
        struct Row: Content {
            let cells: [String]
            let status: String
            let awaiting: Bool
        }
        let ctx: StaffContext
        let year: Int
        let years: [Int]
        let header: [String]
        let rows: [Row]
        let duty: String?
        let mayConfirm: Bool
        let mayCompile: Bool
        let reportURL: String
        let error: String?
        let message: String?
    }

    private func year(_ req: Request) -> Int {
        let fallback = req.application.lawTrail.today.year - 1
        let typed = (try? req.content.get(String.self, at: "year")) ?? req.query[String.self, at: "year"]
        return typed.flatMap { Int($0) } ?? fallback
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        try await render(req, year: year(req), error: nil, message: req.query[String.self, at: "done"] == "confirmed" ? "已确认本单位数据。" : nil)
    }

    @Sendable
    func confirm(req: Request) async throws -> Response {
        let year = year(req)
        do {
            _ = try await YearlyFiguresService(req.serviceContext).confirm(year, by: try req.staff)
            return req.redirect(to: URLs.staffYearlyFigures.url + "?year=\(year)&done=confirmed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, year: year, error: refusal.detail, message: nil, status: refusal.httpStatus)
        }
    }

    @Sendable
    func draft(req: Request) async throws -> Response {
        let year = year(req)
        do {
            let publication = try await YearlyFiguresService(req.serviceContext).draftPublication(year, by: try req.staff)
            return req.redirect(to: URLs.staffPublication.path(publication.id), redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, year: year, error: refusal.detail, message: nil, status: refusal.httpStatus)
        }
    }

    @Sendable
    func report(req: Request) async throws -> Response {
        let year = year(req)
        let overview = try await YearlyFiguresService(req.serviceContext).overview(year)
        return Response.csv(overview.figures.csv(), name: "yearly-figures-\(year).csv")
    }

    private func render(_ req: Request, year: Int, error: String?, message: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let services = req.application.lawTrail
        let staff = try req.staff
        let lastYear = services.today.year - 1
        let overview: YearlyFiguresService.Overview
        do {
            overview = try await YearlyFiguresService(req.serviceContext).overview(year)
        } catch let refusal as ServiceRefusal {
            return try await render(req, year: lastYear, error: refusal.detail, message: nil, status: refusal.httpStatus)
        }
        let rows = zip(overview.figures.units + [overview.figures.total], overview.figures.rows()).map { unit, cells in
            let reporting = YearlyFigures.reportingKinds.contains(unit.unitKind)
            let status = overview.confirmed[unit.unitID].map { "已确认（\(ShanghaiTime.chinese($0.confirmedAt))）" }
                ?? (reporting ? "待确认" : "")
            return Page.Row(cells: cells, status: status, awaiting: reporting && overview.confirmed[unit.unitID] == nil)
        }
        let duty = overview.duty.map { "\($0.kind.chineseName)：应于\($0.due.chineseDescription)完成，"
            + "责任人\($0.responsibility.unitName) \($0.responsibility.personName)，\(ObligationStatus($0, today: services.today, calendar: services.calendar).stateName)" }
        let mayConfirm = Permissions.allows(staff.role, .confirmYearlyFigures)
            && overview.awaiting.contains { $0.unitID == staff.unitID }
        let page = Page(
            ctx: try StaffContext(req), year: year, years: Array((lastYear - 4...lastYear).reversed()), header: YearlyFigures.header,
            rows: rows, duty: duty, mayConfirm: mayConfirm, mayCompile: Permissions.allows(staff.role, .compileYearlyFigures),
            reportURL: URLs.staffYearlyFiguresReport.url + "?year=\(year)", error: error, message: message)
        return try await req.view.render("staff/yearly-figures", page).encodeResponse(status: status, for: req)
    }
}
