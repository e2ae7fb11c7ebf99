import Domain
import Fluent
import Persistence
import SQLKit
import Vapor

/// "My work" (issue 6 item 2): per role, obligations due soon and overdue with working days left
/// (SPEC X2), the review queue, drafts sent back, correction requests and retrieval requests waiting,
/// and for those who oversee: publications on time vs late per month as a chart and a table.
struct DashboardController: RouteCollection {
    struct Page: Content {
        struct ObligationRow: Content {
            let title: String
            let specID: String
            let due: String
            let left: String
            let overdue: Bool
            let responsible: String
        }
        struct Count: Content {
            let label: String
            let count: Int
            let url: String
        }
        struct MonthRow: Content {
            let month: String
            let onTime: Int
            let late: Int
            let open: Int
        }
        let ctx: StaffContext
        let obligations: [ObligationRow]
        let showsObligations: Bool
        let hasObligations: Bool
        /// Links only to pages the role may open (issue 10 item 9).
        let mayOpenObligations: Bool
        let mayOpenActivities: Bool
        let counts: [Count]
        let chart: String?
        let months: [MonthRow]
        /// Compliance findings per type over the last 90 days, for those who see all findings.
        let findingsChart: String?
        let findings: [Count]
        /// Fixity audits (issue 14 item 4), for those who oversee compliance or keep the archives.
        let fixity: FixityPanel?
    }

    struct FixityPanel: Content {
        struct Row: Content {
            let digest: String
            let problem: String
            let holders: String
            let checkedAt: String
        }
        let lastCompleted: String
        let failures: [Row]
        let hasFailures: Bool
        let mayOpen: Bool
    }

    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffHome.components, action: nil, use: show)
    }

    @Sendable
    func show(req: Request) async throws -> View {
        let user = try req.user
        let services = req.application.lawTrail
        let today = services.today
        let sql = req.db as! any SQLDatabase
        let may = { (action: Action) in Permissions.allows(user.role, action) }

        // Obligations due within 5 working days or overdue: all for those who oversee, else the unit's.
        var rows: [Page.ObligationRow] = []
        let showsObligations = may(.viewAccountability) || may(.draftPublication)
        if showsObligations {
            let horizon = (try? services.calendar.addWorkdays(today, 5)) ?? today.adding(days: 7)
            var filter = ObligationQueries.Filter(openOnly: true, dueBy: horizon)
            if !may(.viewAccountability) { filter.unitID = user.unitID ?? UUID() }
            let (obligations, _) = try await ObligationQueries(database: req.db).list(filter, offset: 0, limit: 50)
            rows = obligations.map { obligation in
                let item = ObligationStatus(obligation, today: today, calendar: services.calendar)
                let left = item.workdaysLeft.map { $0 < 0 ? "逾期\(-$0)个工作日" : ($0 == 0 ? "今天到期" : "剩\($0)个工作日") } ?? "—"
                return .init(title: obligation.title, specID: obligation.kind.chineseName, due: obligation.due.chineseDescription, left: left,
                             overdue: item.state == "overdue",
                             responsible: "\(obligation.responsibility.unitName) \(obligation.responsibility.personName)")
            }
        }

        var counts: [Page.Count] = []
        func count(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        if may(.approvePublication) {
            counts.append(.init(label: "待审核的公示", count: try await count("SELECT COUNT(*) AS n FROM publications WHERE state = 'submitted'"),
                                url: URLs.staffPublications.url + "?state=submitted"))
        }
        if may(.draftPublication) {
            counts.append(.init(label: "被退回的公示", count: try await count("SELECT COUNT(*) AS n FROM publications WHERE state = 'sent-back'"),
                                url: URLs.staffPublications.url + "?state=sent-back"))
        }
        if may(.publishPublication) {
            counts.append(.init(label: "待发布的公示", count: try await count("SELECT COUNT(*) AS n FROM publications WHERE state = 'approved'"),
                                url: URLs.staffPublications.url + "?state=approved"))
        }
        if may(.answerCorrectionRequest) {
            counts.append(.init(label: "待答复的更正申请", count: try await count("""
                SELECT COUNT(*) AS n FROM correction_requests r LEFT JOIN correction_answers a ON a.request_id = r.id WHERE a.request_id IS NULL
                """), url: URLs.staffCorrections.url))
        }
        if may(.handleComplaints) {
            // SPEC R13 (issue 15 item 3): complaints waiting for an answer, and those past their due day.
            counts.append(.init(label: "待答复的投诉举报", count: try await count("""
                SELECT COUNT(*) AS n FROM complaints c LEFT JOIN complaint_answers a ON a.complaint_id = c.id WHERE a.complaint_id IS NULL
                """), url: URLs.staffComplaints.url + "?state=open"))
            counts.append(.init(label: "逾期未答复的投诉举报", count: try await count("""
                SELECT COUNT(*) AS n FROM complaints c LEFT JOIN complaint_answers a ON a.complaint_id = c.id
                WHERE a.complaint_id IS NULL AND c.due_on IS NOT NULL AND c.due_on < \(bind: today.description)
                """), url: URLs.staffComplaints.url + "?overdue=1"))
        }
        if may(.approveSensitiveRetrieval) {
            counts.append(.init(label: "待审批的调阅申请", count: try await count("""
                SELECT COUNT(*) AS n FROM retrieval_requests r LEFT JOIN retrieval_decisions d ON d.request_id = r.id WHERE d.id IS NULL
                """), url: URLs.staffRetrievalRequests.url))
        }

        // On time vs late per month of the due day, last six months (SPEC P10).
        var chart: String?
        var months: [Page.MonthRow] = []
        if may(.viewAccountability) {
            let first = CivilDate(year: today.year, month: today.month, day: 1)!.adding(months: -5) ?? today
            let obligations = try await ObligationQueries(database: req.db).due(from: first, to: today.adding(days: 40))
            for offset in 0..<6 {
                guard let start = first.adding(months: offset) else { continue }
                let inMonth = obligations.filter { $0.due.date.map { $0.year == start.year && $0.month == start.month } ?? false }
                months.append(.init(
                    month: "\(start.year)年\(start.month)月",
                    onTime: inMonth.filter { $0.wasMetLate == false }.count,
                    late: inMonth.filter { $0.wasMetLate == true || $0.state(on: today) == .overdue }.count,
                    open: inMonth.filter { $0.state(on: today) == .open }.count))
            }
            chart = SVGBarChart(
                title: "按期与逾期的公示义务（按到期月份）", labels: months.map(\.month),
                series: [.init(name: "按期完成", colour: "#2e7d32", values: months.map(\.onTime)),
                         .init(name: "逾期", colour: "#b3261e", values: months.map(\.late))]).render()
        }
        // Compliance findings per type, activities of the last 90 days (SPEC R5, R7, P6, R4).
        var findingsChart: String?
        var findingCounts: [Page.Count] = []
        if may(.viewAllCompliance) {
            let queries = ActivityQueries(database: req.db)
            let rows = try await ActivityModel.query(on: req.db)
                .filter(\.$startedAt >= today.adding(days: -90).startInstant()).sort(\.$startedAt, .descending).limit(500).all()
            var tally: [ComplianceFinding.Kind: Int] = [:]
            for row in rows {
                let activity = try row.domain()
                let officers = try await queries.officers(activity.officerIDs)
                for finding in ComplianceCheck.findings(activity: activity, officers: officers, evidence: try await queries.evidence(activityID: activity.id),
                                                        tolerances: req.serviceContext.recordingTolerances) {
                    tally[finding.kind, default: 0] += 1
                }
            }
            let kinds = ComplianceFinding.Kind.allCases.filter { tally[$0] != nil }
            findingCounts = kinds.map { .init(label: $0.chineseName, count: tally[$0] ?? 0, url: URLs.staffActivities.url) }
            findingsChart = SVGBarChart(
                title: "近90天记录合规问题（按类型）", labels: kinds.map(\.chineseName),
                series: [.init(name: "问题数", colour: "#b3261e", values: kinds.map { tally[$0] ?? 0 })]).render()
        }
        // Fixity failures of the current or last complete audit cycle (issue 14 item 4; SPEC R9.3, R14).
        var fixity: FixityPanel?
        if may(.viewAllCompliance) || may(.archiveRecords) {
            let queries = FixityQueries(database: req.db)
            let failures = try await queries.currentFailures()
            let last = try await queries.lastCompletedCycle()
            fixity = FixityPanel(
                lastCompleted: last.map { ShanghaiTime.chinese($0.finishedAt) } ?? "尚未完成过",
                failures: failures.prefix(50).map { failure in
                    let holders = failure.recordIDs.map { "记录 \($0.lowercased)" }
                        + failure.correctionRequestIDs.map { "更正申请附件 \($0.lowercased)" }
                    return FixityPanel.Row(
                        digest: failure.blobSHA256, problem: failure.problem.chineseName,
                        holders: holders.isEmpty ? "—" : holders.joined(separator: "；"), checkedAt: ShanghaiTime.chinese(failure.checkedAt))
                },
                hasFailures: !failures.isEmpty, mayOpen: may(.viewFixityAudits))
        }
        return try await req.view.render("staff/dashboard", Page(
            ctx: try StaffContext(req), obligations: rows, showsObligations: showsObligations, hasObligations: !rows.isEmpty,
            mayOpenObligations: may(.viewAccountability), mayOpenActivities: may(.viewActivity), counts: counts,
            chart: chart, months: months, findingsChart: findingsChart, findings: findingCounts, fixity: fixity))
    }
}
