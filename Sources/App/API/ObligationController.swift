import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Obligations with time limits and the accountability report (SPEC X2, P7–P10; issue 5 items 3–4):
/// the legal section's list of what is due and overdue, the triggers raised by hand (a law or the
/// organisation changed, a decision changed or was revoked, the year ended), and the report the
/// level above reads, in JSON or CSV.
struct ObligationController: RouteCollection {
    /// One obligation as the list shows it (Domain's `ObligationStatus`).
    typealias Item = ObligationStatus

    struct TriggerInput: Content {
        /// `law-changed`, `organisation-changed`, `decision-changed`, `decision-revoked`, `year-ended`.
        let trigger: String
        let date: String?
        let publicationIds: [UUID]?
        let ground: String?
        let year: Int?
        let unitId: UUID?
        let personId: UUID?
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.GET, URLs.apiObligations.components, action: .viewAccountability, use: list)
        routes.protected(.POST, URLs.apiObligationTriggers.components, action: .approvePublication, use: trigger)
        routes.protected(.GET, URLs.apiAccountability.components, action: .viewAccountability, use: accountability)
        routes.protected(.POST, URLs.apiChannelHandover.components, action: .approvePublication, use: handover)
        routes.protected(.GET, URLs.apiPublicationHandovers.components, action: .draftPublication, use: handovers)
    }

    /// `?open=1` only unmet; `?week=1` due by the end of this week (and overdue); `dueFrom`, `dueBy`,
    /// `unitId`, `personId` filters; paged.
    @Sendable
    func list(req: Request) async throws -> Page<Item> {
        let paging = try req.query.decode(PageQuery.self)
        let services = req.application.lawTrail
        let today = services.today
        var filter = ObligationQueries.Filter(openOnly: req.query[String.self, at: "open"] == "1")
        if req.query[String.self, at: "week"] == "1" {
            filter.openOnly = true
            filter.dueBy = today.adding(days: 7 - today.isoWeekday)
        }
        if let text = req.query[String.self, at: "dueBy"] { filter.dueBy = try Self.date(text, "dueBy") }
        if let text = req.query[String.self, at: "dueFrom"] { filter.dueFrom = try Self.date(text, "dueFrom") }
        filter.unitID = req.query[UUID.self, at: "unitId"]
        filter.personID = req.query[UUID.self, at: "personId"]
        let (obligations, total) = try await ObligationQueries(database: req.db)
            .list(filter, offset: paging.offset, limit: paging.perPage)
        let items = obligations.map { ObligationStatus($0, today: today, calendar: services.calendar) }
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    /// Raises a P8, P9.3 or P7.4 trigger; answers the obligations created.
    @Sendable
    func trigger(req: Request) async throws -> Response {
        let input = try req.decodeBody(TriggerInput.self)
        let items = try await ObligationService(req.serviceContext).raise(.init(
            trigger: input.trigger, date: try input.date.map { try Self.date($0, "date") }, publicationIDs: input.publicationIds ?? [],
            ground: input.ground, year: input.year, unitID: input.unitId, personID: input.personId))
        return try await items.encodeResponse(status: .created, for: req)
    }

    /// `?from=&to=` (default: this year so far); `format=csv` for the entries, `format=summary-csv`
    /// for the per-unit and per-person counts (UTF-8 with BOM, so Excel opens the Chinese right).
    @Sendable
    func accountability(req: Request) async throws -> Response {
        let services = req.application.lawTrail
        let today = services.today
        let from = try req.query[String.self, at: "from"].map { try Self.date($0, "from") }
            ?? CivilDate(year: today.year, month: 1, day: 1)!
        let to = try req.query[String.self, at: "to"].map { try Self.date($0, "to") } ?? today
        let service = ObligationService(req.serviceContext)
        let format = req.query[String.self, at: "format"]
        if format == "refusals-csv" || format == "findings-csv" {
            // SPEC R14 (issue 13 item 7): the recording rule's part of the report.
            let grace = try req.query[String.self, at: "findingDays"].map { text in
                guard let days = Int(text) else { throw Problem.badRequest("malformed-parameter", "findingDays 应为整数。") }
                return days
            } ?? RecordingAccountability.defaultGraceWorkdays
            let recording = try await service.recordingAccountability(from: from, to: to, graceWorkdays: grace)
            return format == "refusals-csv"
                ? Response.csv(recording.refusalsCSV(), name: "refused-changes-\(from)-\(to).csv")
                : Response.csv(recording.findingsCSV(), name: "open-findings-\(from)-\(to).csv")
        }
        let report = try await service.accountability(from: from, to: to)
        switch format {
        case "csv": return Response.csv(report.csv(), name: "accountability-\(from)-\(to).csv")
        case "summary-csv": return Response.csv(report.summaryCSV(), name: "accountability-summary-\(from)-\(to).csv")
        case "fixity-csv": return Response.csv(report.fixityCSV(), name: "fixity-failures-\(from)-\(to).csv")
        default: return try await report.encodeResponse(for: req)
        }
    }

    /// Hands pending steps to one channel now (the server also does it every 10 minutes).
    @Sendable
    func handover(req: Request) async throws -> ChannelHandover.Result {
        guard let channel = req.parameters.get("channel").flatMap(PublicationChannel.init(rawValue:)) else {
            throw Problem.notFound("没有该公开渠道。")
        }
        return try await ChannelHandover.run(
            channel, database: req.db, services: req.application.lawTrail, client: req.client, logger: req.logger)
    }

    /// When the publication reached each channel.
    @Sendable
    func handovers(req: Request) async throws -> [ChannelOutboxStore.Handover] {
        try await ChannelOutboxStore(database: req.db).handovers(publication: try req.uuidParameter("id"))
    }

    static func date(_ text: String, _ name: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw Problem.badRequest("malformed-parameter", "日期应为 YYYY-MM-DD：\(name)。", errors: [name: "应为 YYYY-MM-DD"])
        }
        return date
    }
}

extension AccountabilityReport: Content {}
extension ObligationStatus: Content {}
extension ChannelOutboxStore.Handover: Content {}
