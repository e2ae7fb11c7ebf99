import Domain
import Services
import Vapor

/// 执法薄弱环节统计 (SPEC R12; issue 15 item 4): for the legal section, the supervision section and
/// the leadership — compliance findings by type, recording gaps, late publications, corrections and
/// withdrawals, review scores, complaints by outcome and how often R6's optional situations were
/// recorded, by unit, officer, enforcement kind or month. Each chart is an SVG with its table and
/// the rows as CSV; the quarterly report prints on A4. Statistics by officer are internal: none of
/// this is on the portal.
struct WeakSpotsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffWeakSpots.components, action: .viewWeakSpots, use: page)
        routes.staff(.GET, URLs.staffWeakSpotsCSV.components, action: .viewWeakSpots, use: csv)
        routes.staff(.GET, URLs.staffWeakSpotsQuarterly.components, action: .viewWeakSpots, use: quarterly)
    }

    /// One chart and the same numbers as a table (first column the row's label).
    struct Chart: Content {
        struct Row: Content {
            let label: String
            let cells: [String]
        }
        let id: String
        let title: String
        let svg: String
        /// Set when the chart shows only the first rows of its table.
        let note: String?
        let headers: [String]
        let rows: [Row]
        let total: Row
    }

    struct Option: Content {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Page: Content {
        let ctx: StaffContext
        let from: String
        let to: String
        let periodChinese: String
        let by: String
        let byChinese: String
        let dimensions: [Option]
        let csvURL: String
        let quarterlyURL: String
        let charts: [Chart]
        let error: String?
    }

    struct Section: Content {
        let title: String
        let showsCharts: Bool
        let charts: [Chart]
    }

    struct QuarterlyPage: Content {
        let ctx: StaffContext
        let title: String
        let fromDay: String
        let toDay: String
        let madeOn: String
        let year: Int
        let quarter: Int
        let previousURL: String
        let nextURL: String
        let summary: [Chart.Row]
        let sections: [Section]
    }

    /// The charts drawn when a table has more rows (the table shows them all).
    static let chartRows = 20

    // MARK: - Period

    /// `?from=YYYY-MM&to=YYYY-MM`, both inclusive; the current quarter when absent. Nil with a Chinese
    /// reason when malformed, reversed or longer than twelve months.
    static func period(_ req: Request) -> (from: CivilDate, to: CivilDate, error: String?) {
        let today = req.application.lawTrail.today
        let quarterStart = CivilDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
        let defaultTo = lastDay(ofMonth: quarterStart.adding(months: 2)!)
        func month(_ name: String) -> CivilDate?? {
            guard let text = req.query[String.self, at: name], !text.isEmpty else { return .some(nil) }
            guard text.count == 7, let day = CivilDate(iso: text + "-01") else { return .none }
            return .some(day)
        }
        guard let typedFrom = month("from"), let typedTo = month("to") else {
            return (quarterStart, defaultTo, "月份应为 YYYY-MM 格式，已显示本季度。")
        }
        let from = typedFrom ?? quarterStart
        let to = lastDay(ofMonth: typedTo ?? (typedFrom.map { $0.adding(months: 2)! } ?? quarterStart.adding(months: 2)!))
        guard from <= to, from.adding(months: 12)! > to else {
            return (quarterStart, defaultTo, "统计区间应为起始不晚于截止、且不超过12个月，已显示本季度。")
        }
        return (from, to, nil)
    }

    static func lastDay(ofMonth day: CivilDate) -> CivilDate {
        CivilDate(year: day.year, month: day.month, day: 1)!.adding(months: 1)!.adding(days: -1)
    }

    static func monthText(_ day: CivilDate) -> String { String(day.description.prefix(7)) }

    static func dimension(_ req: Request) -> WeakSpotTable.Dimension {
        req.query[String.self, at: "by"].flatMap(WeakSpotTable.Dimension.init(rawValue:)) ?? .unit
    }

    static func periodChinese(_ from: CivilDate, _ to: CivilDate) -> String {
        from.year == to.year && from.month == to.month
            ? "\(from.year)年\(from.month)月" : "\(from.year)年\(from.month)月至\(to.year)年\(to.month)月"
    }

    // MARK: - Handlers

    @Sendable
    func page(req: Request) async throws -> Response {
        let (from, to, error) = Self.period(req)
        let dimension = Self.dimension(req)
        let report = try await WeakSpotService(req.serviceContext, supervision: req.application.supervisionFacts)
            .report(from: from, to: to)
        let table = report.table(dimension)
        let query = "from=\(Self.monthText(from))&to=\(Self.monthText(to))&by=\(dimension.rawValue)"
        let quarter = (from.month - 1) / 3 + 1
        let page = Page(
            ctx: try StaffContext(req), from: Self.monthText(from), to: Self.monthText(to), periodChinese: Self.periodChinese(from, to),
            by: dimension.rawValue, byChinese: dimension.chineseName,
            dimensions: WeakSpotTable.Dimension.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0 == dimension) },
            csvURL: URLs.staffWeakSpotsCSV.url + "?" + query,
            quarterlyURL: URLs.staffWeakSpotsQuarterly.url + "?year=\(from.year)&quarter=\(quarter)",
            charts: Self.charts(table, period: Self.periodChinese(from, to)), error: error)
        return try await req.view.render("staff/weak-spots", page).encodeResponse(status: error == nil ? .ok : .badRequest, for: req)
    }

    @Sendable
    func csv(req: Request) async throws -> Response {
        let (from, to, error) = Self.period(req)
        if let error { throw Problem.badRequest("invalid-period", error) }
        let dimension = Self.dimension(req)
        let report = try await WeakSpotService(req.serviceContext, supervision: req.application.supervisionFacts)
            .report(from: from, to: to)
        return Response.csv(
            report.table(dimension).csv(),
            name: "weak-spots-by-\(dimension.rawValue)-\(Self.monthText(from))-\(Self.monthText(to)).csv")
    }

    @Sendable
    func quarterly(req: Request) async throws -> Response {
        let today = req.application.lawTrail.today
        let year = req.query[Int.self, at: "year"] ?? today.year
        let quarter = req.query[Int.self, at: "quarter"] ?? (today.month - 1) / 3 + 1
        guard (2000...2100).contains(year), (1...4).contains(quarter) else {
            return try await StaffPages.message(req, status: .badRequest, title: "季度有误", text: "请以 year（年份）和 quarter（1至4）指定季度。")
        }
        let from = CivilDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!
        let to = Self.lastDay(ofMonth: from.adding(months: 2)!)
        let report = try await WeakSpotService(req.serviceContext, supervision: req.application.supervisionFacts)
            .report(from: from, to: to)
        let quarterNames = ["一", "二", "三", "四"]
        let title = "\(year)年第\(quarterNames[quarter - 1])季度执法薄弱环节统计报告"
        let period = "\(year)年第\(quarterNames[quarter - 1])季度"
        let total = report.table(.unit).total
        let summary: [Chart.Row] = [
            .init(label: "执法记录问题", cells: [String(total.findings)]),
            .init(label: "录像中断（未说明 / 已说明）", cells: ["\(total.gapsUnexplained) / \(total.gapsExplained)"]),
            .init(label: "公示逾期（逾期完成 / 逾期未完成）", cells: ["\(total.publicationsMetLate) / \(total.publicationsOverdue)"]),
            .init(label: "更正申请 / 公示更正 / 公示撤下",
                  cells: ["\(total.count(.correctionRequest)) / \(total.count(.correction)) / \(total.count(.withdrawal))"]),
            .init(label: "案卷评查（案卷数 / 平均分）",
                  cells: ["\(total.reviews) / \(total.reviewAverage.map(WeakSpotTable.oneDecimal) ?? "—")"]),
            .init(label: "投诉举报（件数 / 逾期办理）", cells: ["\(total.complaints) / \(total.complaintsAnsweredLate)"]),
            .init(label: "视情音视频记录率", cells: [total.optionalRate().map(WeakSpotTable.percent) ?? "—"]),
        ]
        let sections = WeakSpotTable.Dimension.allCases.map { dimension in
            Section(title: "按\(dimension.chineseName)统计", showsCharts: dimension == .unit || dimension == .month,
                    charts: Self.charts(report.table(dimension), period: period))
        }
        let previous = quarter == 1 ? (year - 1, 4) : (year, quarter - 1)
        let next = quarter == 4 ? (year + 1, 1) : (year, quarter + 1)
        let base = URLs.staffWeakSpotsQuarterly.url
        return try await req.view.render("staff/weak-spots-quarterly", QuarterlyPage(
            ctx: try StaffContext(req), title: title, fromDay: from.description, toDay: to.description, madeOn: today.description,
            year: year, quarter: quarter, previousURL: "\(base)?year=\(previous.0)&quarter=\(previous.1)",
            nextURL: "\(base)?year=\(next.0)&quarter=\(next.1)", summary: summary, sections: sections)).encodeResponse(for: req)
    }

    // MARK: - Charts

    /// The five charts of a table, each with its own table of the same numbers.
    static func charts(_ table: WeakSpotTable, period: String) -> [Chart] {
        let by = table.dimension.chineseName
        let rows = table.rows
        func chart(
            id: String, title: String, series: [(name: String, colour: String, value: (WeakSpotTable.Counts) -> Int)],
            extra: [(name: String, value: (WeakSpotTable.Counts) -> String)] = []
        ) -> Chart {
            let shown = Array(rows.prefix(chartRows))
            let svg = SVGBarChart(
                title: "\(period)\(title)（按\(by)）", labels: shown.map(\.label),
                series: series.map { .init(name: $0.name, colour: $0.colour, values: shown.map(\.counts).map($0.value)) })
                .render(width: max(360, min(1400, 48 + shown.count * max(48, 22 * series.count))), height: 260)
            func cells(_ counts: WeakSpotTable.Counts) -> [String] {
                series.map { String($0.value(counts)) } + extra.map { $0.value(counts) }
            }
            return Chart(
                id: id, title: title, svg: svg,
                note: rows.count > chartRows ? "图中显示前\(chartRows)行，全部\(rows.count)行见下表和CSV。" : nil,
                headers: [by] + series.map(\.name) + extra.map(\.name),
                rows: rows.map { .init(label: $0.label, cells: cells($0.counts)) },
                total: .init(label: "合计", cells: cells(table.total)))
        }
        let findingKinds = ComplianceFinding.Kind.allCases.filter { table.total.count($0) > 0 }
        let outcomes = table.complaintOutcomes
        let outcomeColours = ["#b3261e", "#ed6c02", "#2e7d32", "#1565c0", "#6a1b9a", "#37474f"]
        return [
            chart(id: "recording", title: "执法记录问题", series: [
                ("记录问题", "#b3261e", { $0.findings }),
                ("录像中断未说明", "#6a1b9a", { $0.gapsUnexplained }),
                ("录像中断已说明", "#90a4ae", { $0.gapsExplained }),
            ], extra: findingKinds.map { kind in ("其中：\(kind.chineseName)（\(kind.specID)）", { String($0.count(kind)) }) }),
            chart(id: "publicity", title: "公示逾期、更正与撤下", series: [
                ("逾期完成", "#ed6c02", { $0.publicationsMetLate }),
                ("逾期未完成", "#b3261e", { $0.publicationsOverdue }),
                ("更正申请", "#1565c0", { $0.count(.correctionRequest) }),
                ("公示更正", "#00838f", { $0.count(.correction) }),
                ("公示撤下", "#37474f", { $0.count(.withdrawal) }),
            ]),
            chart(id: "review", title: "案卷评查", series: [
                ("评查案卷数", "#1565c0", { $0.reviews }),
                ("评查发现问题数", "#b3261e", { $0.reviewFindings }),
            ], extra: [("平均分", { $0.reviewAverage.map(WeakSpotTable.oneDecimal) ?? "—" })]),
            chart(id: "complaints", title: "投诉举报（按办理结果）",
                  series: outcomes.enumerated().map { index, outcome in
                      (outcome, outcomeColours[index % outcomeColours.count], { $0.complaintsByOutcome[outcome, default: 0] })
                  } + [("逾期办理", "#000000", { $0.complaintsAnsweredLate })]),
            chart(id: "optional", title: "视情音视频记录率（%）",
                  series: OptionalRecordingSituation.allCases.enumerated().map { index, situation in
                      (situation.chineseName, ["#2e7d32", "#1565c0", "#ed6c02"][index % 3],
                       { counts in counts.optionalRate(situation).map { Int(($0 * 100).rounded()) } ?? 0 })
                  },
                  extra: OptionalRecordingSituation.allCases.map { situation in
                      ("\(situation.chineseName)：录像/发生", { counts in
                          "\(counts.optionalRecorded[situation, default: 0])/\(counts.optionalOccurred[situation, default: 0])"
                      })
                  }),
        ]
    }
}
