import Domain
import Persistence
import Services
import Vapor

/// The monthly page for the bureau's leaders (SPEC P10, R14; issue 13 item 7): the publicity duties
/// due in a month per unit (on time, late, still open past their day), the decisions nobody drafted,
/// refused deletions and alterations of records, and recording findings still open — each chart an
/// SVG with its table beside it, printable on A4.
struct MonthlyAccountabilityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffMonthlyAccountability.components, action: .viewAccountability, use: page)
    }

    struct Page: Content {
        struct UnitRow: Content {
            let unitName: String
            let onTime: Int
            let late: Int
            let overdue: Int
            let findings: Int
            let refusals: Int
        }
        struct LateRow: Content {
            let title: String
            let responsible: String
            let due: String
            let status: String
            let remarks: String
        }
        let ctx: StaffContext
        let month: String
        let monthChinese: String
        let previousMonth: String
        let dutiesChart: String
        let recordingChart: String
        let units: [UnitRow]
        let late: [LateRow]
        struct RefusalRow: Content {
            let at: String
            let record: String
            let method: String
            let person: String
            let unitName: String
        }
        let refusals: [RefusalRow]
        let findings: [RecordingAccountability.OpenFinding]
        let graceWorkdays: Int
        struct FixityRow: Content {
            let at: String
            let digest: String
            let problem: String
            let holders: String
        }
        /// Blobs found missing, changed or unreadable by fixity audits in the month (SPEC R14; issue 14 item 4).
        let fixity: [FixityRow]
    }

    @Sendable
    func page(req: Request) async throws -> View {
        let services = req.application.lawTrail
        let today = services.today
        let typed = req.query[String.self, at: "month"].flatMap { CivilDate(iso: $0 + "-01") }
        let first = typed ?? CivilDate(year: today.year, month: today.month, day: 1)!
        guard let next = first.adding(months: 1), next.adding(days: -1) >= first else { throw Abort(.badRequest) }
        let last = next.adding(days: -1)
        let service = ObligationService(req.serviceContext)
        let report = try await service.accountability(from: first, to: last)
        let recording = try await service.recordingAccountability(
            from: first, to: last, graceWorkdays: RecordingAccountability.defaultGraceWorkdays)
        let due = try await ObligationQueries(database: req.db).due(from: first, to: last)

        var rows: [String: (onTime: Int, late: Int, overdue: Int, findings: Int, refusals: Int)] = [:]
        for obligation in due {
            let unit = obligation.responsibility.unitName
            switch obligation.state(on: today) {
            case .met where obligation.wasMetLate == true: rows[unit, default: (0, 0, 0, 0, 0)].late += 1
            case .met: rows[unit, default: (0, 0, 0, 0, 0)].onTime += 1
            case .overdue: rows[unit, default: (0, 0, 0, 0, 0)].overdue += 1
            case .open: break
            }
        }
        for finding in recording.openFindings { rows[finding.unitName, default: (0, 0, 0, 0, 0)].findings += 1 }
        for refusal in recording.refusedChanges { rows[refusal.unitName, default: (0, 0, 0, 0, 0)].refusals += 1 }
        let units = rows.sorted { $0.key < $1.key }.map { name, counts in
            Page.UnitRow(
                unitName: name.isEmpty ? "（未确定单位）" : name, onTime: counts.onTime, late: counts.late, overdue: counts.overdue,
                findings: counts.findings, refusals: counts.refusals)
        }
        let monthChinese = "\(first.year)年\(first.month)月"
        let dutiesChart = SVGBarChart(
            title: "\(monthChinese)到期的公示义务（按单位）", labels: units.map(\.unitName),
            series: [.init(name: "按期完成", colour: "#2e7d32", values: units.map(\.onTime)),
                     .init(name: "逾期完成", colour: "#ed6c02", values: units.map(\.late)),
                     .init(name: "逾期未完成", colour: "#b3261e", values: units.map(\.overdue))]).render()
        let recordingChart = SVGBarChart(
            title: "\(monthChinese)执法记录问题（按单位）", labels: units.map(\.unitName),
            series: [.init(name: "未整改的记录问题", colour: "#6a1b9a", values: units.map(\.findings)),
                     .init(name: "被拒绝的删改记录操作", colour: "#37474f", values: units.map(\.refusals))]).render()
        let late = report.entries.map { entry in
            Page.LateRow(
                title: entry.obligation.title,
                responsible: "\(entry.obligation.responsibility.unitName) \(entry.obligation.responsibility.personName)",
                due: entry.dueDate.chinese, status: "\(entry.status.chineseName)（\(entry.workdaysLate)个工作日）", remarks: entry.remarks)
        }
        let previous = first.adding(months: -1) ?? first
        return try await req.view.render("staff/accountability-monthly", Page(
            ctx: try StaffContext(req), month: String(first.description.prefix(7)), monthChinese: monthChinese,
            previousMonth: String(previous.description.prefix(7)), dutiesChart: dutiesChart, recordingChart: recordingChart,
            units: units, late: late,
            refusals: recording.refusedChanges.map {
                .init(at: ShanghaiTime.chinese($0.at), record: $0.recordTitle, method: $0.method, person: $0.personName, unitName: $0.unitName)
            },
            findings: Array(recording.openFindings.prefix(100)), graceWorkdays: recording.graceWorkdays,
            fixity: report.fixityFailures.prefix(100).map { failure in
                let holders = failure.recordIDs.map { "记录 \($0.lowercased)" } + failure.correctionRequestIDs.map { "更正申请附件 \($0.lowercased)" }
                return .init(at: ShanghaiTime.chinese(failure.checkedAt), digest: failure.blobSHA256, problem: failure.problem.chineseName,
                             holders: holders.isEmpty ? "—" : holders.joined(separator: "；"))
            }))
    }
}
