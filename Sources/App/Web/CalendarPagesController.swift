import Domain
import Persistence
import SQLKit
import Vapor

/// 节假日安排 (issue 13 item 3; SPEC X1): the administrator sees the years the calendar covers and
/// imports the State Council's arrangement for a new year by pasting its file; it takes effect at
/// once, without a restart, and every due day it moves is listed and on the ledger.
struct CalendarPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffCalendar.components, action: .importCalendar, use: page)
        routes.staff(.POST, URLs.staffCalendar.components, action: .importCalendar, use: importYear)
    }

    struct Page: Content {
        struct Year: Content {
            let year: Int
            let notice: String
            let source: String
            let takenIn: String
        }
        struct Moved: Content {
            let title: String
            let due: String
        }
        let ctx: StaffContext
        let years: [Year]
        let missingYears: [Int]
        let typed: String
        let error: String?
        let message: String?
        let moved: [Moved]
    }

    @Sendable
    func page(req: Request) async throws -> View {
        try await render(req, typed: "", error: nil, message: nil, moved: [])
    }

    @Sendable
    func importYear(req: Request) async throws -> Response {
        let typed = (try? req.content.get(String.self, at: "arrangement")) ?? ""
        let services = req.application.lawTrail
        do {
            _ = try CalendarQueries.importArrangement(Data(typed.utf8), dataDirectory: services.config.dataDirectory)
        } catch let error as CalendarImportError {
            return try await render(req, typed: typed, error: "未导入：\(error)", message: nil, moved: [])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let outcome = try await CalendarWatch.takeIn(services, on: req.db, by: try req.user.id)
        let message = outcome.recordedYears.isEmpty
            ? "该年度安排与在用的相同，无需重新计算。"
            : "已导入\(outcome.recordedYears.map { "\($0)年" }.joined(separator: "、"))节假日安排，立即生效；\(outcome.rescheduled.count) 项期限已重新计算并记入账本。"
        let moved = outcome.rescheduled.map { Page.Moved(title: $0.title, due: $0.due.chineseDescription) }
        return try await render(req, typed: "", error: nil, message: message, moved: moved).encodeResponse(status: .ok, for: req)
    }

    private func render(_ req: Request, typed: String, error: String?, message: String?, moved: [Page.Moved]) async throws -> View {
        let services = req.application.lawTrail
        let calendar = services.calendar
        let rows = try await (req.db as! any SQLDatabase).raw("""
            SELECT year, MAX(imported_at) AS at FROM calendar_imports GROUP BY year
            """).all()
        var takenIn: [Int: String] = [:]
        for row in rows {
            let at = Date(timeIntervalSince1970: Double(try row.decode(column: "at", as: Int64.self)) / 1000)
            takenIn[try row.decode(column: "year", as: Int.self)] = CivilDate(at).chinese
        }
        let directory = DataDirectory(services.config.dataDirectory).calendar
        let today = services.today
        let years = calendar.arrangements.filter { $0.year >= today.year - 2 }.reversed().map { arrangement in
            let imported = FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(arrangement.year).json").path)
            return Page.Year(
                year: arrangement.year, notice: arrangement.notice, source: imported ? "管理员导入" : "系统内置",
                takenIn: takenIn[arrangement.year] ?? "")
        }
        let missing = (today.year...today.year + 1).filter { calendar.arrangement(for: $0) == nil }
        return try await req.view.render("staff/calendar", Page(
            ctx: try StaffContext(req), years: Array(years), missingYears: missing, typed: typed, error: error, message: message, moved: moved))
    }
}
