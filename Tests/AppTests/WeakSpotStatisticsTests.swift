import App
import Domain
import Fluent
import Foundation
import Persistence
import Services
import Testing
import TestSupport
import Logging
import VaporTesting

/// Issue 15 item 4 (SPEC R12; also R5–R7, R13, R14, P7–P9): weak-spot statistics gather every kind
/// of fact from rows made through the app, and the supervisors' pages show them as charts with
/// tables, CSVs and a printable quarterly report.
@Suite struct WeakSpotStatisticsTests {
    struct OptionalActivityJSON: Encodable, Sendable {
        let caseId: UUID
        let kind: String
        let procedure: String
        let site: APIClient.ActivityJSON.SiteJSON
        let isOnSite: Bool
        let officerIds: [UUID]
        let startedAt: Date
        let endedAt: Date
        let situations: [String]
        let optionalSituations: [String]
        let checklist: APIClient.ActivityJSON.ChecklistJSON
    }

    static let actStart = Date(timeIntervalSince1970: 1_795_500_000)  // 2026-11-24, Asia/Shanghai

    /// Stores video records of `activityID` at the given offsets (seconds from the act's start, 10 minutes each).
    static func videos(_ app: Application, activityID: UUID, caseID: UUID, offsets: [Double]) async throws -> [UUID] {
        let activityCase = try #require(try await CaseModel.find(caseID, on: app.db))
        let user = try #require(try await UserModel.query(on: app.db).first())
        var ids: [UUID] = []
        for offset in offsets {
            let blob = try app.lawTrail.blobStore.store(Data("video-\(activityID)-\(offset)".utf8))
            let record = Record(
                activityID: activityID, caseID: caseID, counterpartyID: activityCase.counterpartyID, kind: .video,
                blobSHA256: blob.digest, byteCount: Int64(blob.size), mimeType: "video/mp4",
                captureStart: actStart.addingTimeInterval(offset), captureEnd: actStart.addingTimeInterval(offset + 600),
                createdBy: user.id!)
            try await RecordStore(ledger: app.lawTrail.ledger.writer).create(record, at: app.lawTrail.clock.nowSeconds)
            ids.append(record.id)
        }
        return ids
    }

    /// An activity in a new case of the first one's with R6 situation (一) (on-site inspection).
    static func optionalActivity(_ client: APIClient, token: String, caseID: UUID, officers: [UUID]) async throws -> UUID {
        let response = try await client.send(.POST, "/api/v1/activities", token: token, json: OptionalActivityJSON(
            caseId: caseID, kind: "inspection", procedure: "general", site: .init(address: "上海市普陀区真北路1888号", highRisk: false),
            isOnSite: true, officerIds: officers, startedAt: actStart, endedAt: actStart.addingTimeInterval(3600), situations: [],
            optionalSituations: ["on-site-inspection"],
            checklist: .init(certificatesShownBy: officers, documentsIssued: ["现场检查记录"], reasonTold: true, legalBasisTold: true,
                             rightsTold: ["statement", "defence", "hearing", "recusal"], dutyToCooperateTold: true)))
        #expect(response.status == .created, "\(response.body.string)")
        return try client.decode(Activity.self, response).id
    }

    /// Everything the statistics count, made through the API, the public form and the record store;
    /// returns the brigade, its officers and the supervision facts given to the pages.
    static func scenario(_ app: Application) async throws -> (brigade: UnitModel, officers: [UUID], supervision: GivenSupervisionFacts) {
        let client = APIClient(app: app)
        let staff = try await client.staff()
        // A coercive measure recorded in three segments: one gap explained, one not (SPEC R5, R7).
        let coercion = try await client.caseAndActivity(
            token: staff.officer, situations: ["coercive-measure-or-evidence-preservation"], kind: "coercion")
        let segments = try await videos(app, activityID: coercion.activityID, caseID: coercion.caseID, offsets: [0, 1200, 2400])
        let created = try await client.send(.POST, "/api/v1/recording-sessions", token: staff.officer, json: SessionInput(
            activityId: coercion.activityID, recordIds: segments, counterpartyToldRecordingStarted: true))
        #expect(created.status == .created, "\(created.body.string)")
        struct Created: Decodable { struct Session: Decodable { let id: UUID }; let session: Session }
        let session = try client.decode(Created.self, created).session.id
        let explained = try await client.send(
            .POST, "/api/v1/recording-sessions/\(session)/explanations", token: staff.officer,
            json: ExplanationInput(afterSegment: 0, reason: "battery-or-storage", text: "执法记录仪电量耗尽，更换电池后继续记录",
                                   evidence: .init(kind: "stated-in-recording", at: 5)))
        #expect(explained.status == .created, "\(explained.body.string)")

        // An inquiry after filing with no video (SPEC R5 (五)), and its decision nobody published: due 2026-12-03.
        let penalty = try await client.caseAndActivity(token: staff.officer, situations: ["inquiry-after-filing"], kind: "penalty")
        try await client.enterDecision(activityID: penalty.activityID, token: staff.officer, number: "普应急罚〔2026〕501号", decided: "2026-11-24")

        // R6 (一) on-site inspections: one recorded on video, one not.
        let recorded = try await optionalActivity(client, token: staff.officer, caseID: penalty.caseID, officers: penalty.officers)
        _ = try await videos(app, activityID: recorded, caseID: penalty.caseID, offsets: [0])
        _ = try await optionalActivity(client, token: staff.officer, caseID: penalty.caseID, officers: penalty.officers)

        // A publication: a citizen's correction request (P9.2), a correction (P9.1), then a withdrawal (P9.3).
        let published = try await client.publishedPenalty(staff, fields: APIClient.penaltyFields(
            name: "上海薄弱环节测试有限公司", code: APIClient.uscc("91310107MA1N0W0T0"), number: "普应急罚〔2026〕502号", decided: "2026-11-20"),
            title: "普应急罚〔2026〕502号 行政处罚决定")
        let form = try await app.sendRaw(.GET, "/corrections/new?publication=\(published.id)")
        let cookie = try #require(form.headers.setCookie?[CSRFCookie.name]?.string)
        let csrf = try #require(form.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1).description
        #expect(try await app.sendRaw(.POST, "/corrections", form: [
            "csrf": csrf, "publication": published.id.uuidString, "name": "张先生", "contact": "13800000000",
            "description": "罚款金额与决定书不一致，请核实",
        ], cookie: cookie).status == .created)
        var fields = APIClient.penaltyFields(
            name: "上海薄弱环节测试有限公司", code: APIClient.uscc("91310107MA1N0W0T0"), number: "普应急罚〔2026〕502号", decided: "2026-11-20")
        fields["fineAmount"] = "2.5"
        let proposal = try await client.content(fields, title: "普应急罚〔2026〕502号 行政处罚决定", correctionReason: "罚款金额录入错误")
        #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections", token: staff.brigadeLeader, json: proposal).status == .ok)
        #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/corrections/apply", token: staff.legalA).status == .ok)
        #expect(try await client.send(.POST, "/api/v1/publications/\(published.id)/withdraw", token: staff.legalA,
                                      json: ["reason": "原决定被撤销"]).status == .ok)

        let brigade = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == "enforcement-brigade").first())
        // Case review and complaints come from their desks (issue 15 items 2, 3): real rows for this unit.
        let supervision = GivenSupervisionFacts(
            reviews: [ReviewScoreFact(reviewedOn: CivilDate(iso: "2026-12-02")!, unitID: brigade.id!, officerIDs: penalty.officers,
                                      kind: .penalty, score: 78, findings: 3)],
            complaints: [ComplaintOutcomeFact(receivedOn: CivilDate(iso: "2026-11-26")!, unitID: brigade.id!, officerID: penalty.officers[0],
                                              kind: .penalty, outcome: "部分属实", answeredLate: true)])
        return (brigade, penalty.officers, supervision)
    }

    @Test("SPEC R12: the service gathers each kind of fact from real rows, with unit, officers, kind and day", arguments: TestDatabase.all)
    func serviceGathersEveryFact(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let from = CivilDate(iso: "2026-10-01")!, to = CivilDate(iso: "2026-12-31")!
            // The demo has facts of its own in the quarter: what the scenario adds is counted on top.
            let before = try await WeakSpotService(app.lawTrail.serviceContext(on: app.db)).report(from: from, to: to).facts
            let (brigade, officers, supervision) = try await Self.scenario(app)
            let service = WeakSpotService(app.lawTrail.serviceContext(on: app.db), supervision: supervision)
            let report = try await service.report(from: from, to: to)
            let facts = report.facts
            let brigadeID = try #require(brigade.id)
            func added<T: Hashable>(_ now: [T], _ then: [T]) -> [T] {
                var remaining = then
                return now.filter { fact in
                    if let index = remaining.firstIndex(of: fact) { remaining.remove(at: index); return false }
                    return true
                }
            }

            // Compliance findings (R5, R7) on the acts' day, for the brigade and its officers.
            let findings = added(facts.findings, before.findings)
            let videoMissing = findings.filter { $0.findingKind == .mandatoryVideoMissing }
            #expect(videoMissing.count == 1)
            #expect(videoMissing.first?.unitID == brigadeID && videoMissing.first?.kind == .penalty)
            #expect(videoMissing.first?.on == CivilDate(iso: "2026-11-24") && videoMissing.first?.officerIDs == officers)
            #expect(findings.filter { $0.findingKind == .unexplainedGap }.count == 1)
            // Gaps (R7): one explained, one not.
            let gaps = added(facts.gaps, before.gaps)
            #expect(gaps.map(\.explained).sorted { !$0 && $1 } == [false, true])
            #expect(gaps.allSatisfy { $0.kind == .coercion && $0.unitID == brigadeID && $0.on == CivilDate(iso: "2026-11-24") })
            // Late publications (P7, P10): the undrafted decision, due 2026-12-03, overdue on 2026-12-07; and the
            // penalty decided on 2026-11-20, due 2026-12-01, published today: met late.
            let late = added(facts.latePublications, before.latePublications).sorted { $0.on < $1.on }
            #expect(late.map(\.status) == [.metLate, .overdue], "\(late)")
            #expect(late.map(\.on) == [CivilDate(iso: "2026-12-01")!, CivilDate(iso: "2026-12-03")!])
            #expect(late.last?.kind == .penalty && late.allSatisfy { $0.unitID == brigadeID })
            #expect(late.last?.personID.map(officers.contains) == true)
            // Corrections and withdrawals (P9), on today's date.
            let changes = added(facts.publicationChanges, before.publicationChanges)
            #expect(changes.map(\.change).sorted { $0.rawValue < $1.rawValue } == [.correction, .correctionRequest, .withdrawal])
            #expect(changes.allSatisfy { $0.unitID == brigadeID && $0.personID != nil && $0.on == CivilDate(iso: "2026-12-07") })
            // Optional situations (R6): one recorded, one not.
            let optional = added(facts.optionalSituations, before.optionalSituations)
            #expect(optional.map(\.recorded).sorted { !$0 && $1 } == [false, true])
            #expect(optional.allSatisfy { $0.situation == .onSiteInspection && $0.kind == .inspection && $0.unitID == brigadeID })
            // Reviews and complaints as their desks give them.
            #expect(facts.reviewScores == supervision.reviews && facts.complaints == supervision.complaints)

            let byUnit = report.table(.unit)
            let then = WeakSpotTable(facts: before, dimension: .unit, names: report.names)
            let key = brigadeID.uuidString.lowercased()
            let row = try #require(byUnit.rows.first { $0.key == key })
            let old = then.rows.first { $0.key == key }?.counts ?? WeakSpotTable.Counts()
            #expect(row.label == brigade.name)
            #expect(row.counts.gapsUnexplained == old.gapsUnexplained + 1 && row.counts.gapsExplained == old.gapsExplained + 1)
            #expect(row.counts.publicationsOverdue == old.publicationsOverdue + 1)
            #expect(row.counts.publicationsMetLate == old.publicationsMetLate + 1)
            #expect(row.counts.optionalOccurred[.onSiteInspection, default: 0] == old.optionalOccurred[.onSiteInspection, default: 0] + 2)
            #expect(row.counts.optionalRecorded[.onSiteInspection, default: 0] == old.optionalRecorded[.onSiteInspection, default: 0] + 1)
            #expect(row.counts.reviewAverage == 78 && row.counts.complaintsByOutcome == ["部分属实": 1])
            let byOfficer = report.table(.officer)
            let officerName = try #require(try await OfficerModel.find(officers[0], on: app.db)).name
            #expect(byOfficer.rows.contains { $0.label == officerName && $0.counts.count(.mandatoryVideoMissing) >= 1 })
            // A period before the facts is empty; a reversed one is refused.
            let earlier = try await service.report(from: CivilDate(iso: "2025-01-01")!, to: CivilDate(iso: "2025-03-31")!)
            #expect(earlier.facts.findings.isEmpty && earlier.facts.gaps.isEmpty && earlier.facts.publicationChanges.isEmpty)
            await #expect(throws: ServiceRefusal.self) {
                _ = try await service.report(from: CivilDate(iso: "2026-12-31")!, to: CivilDate(iso: "2026-10-01")!)
            }
        }
    }

    @Test("SPEC R12: the page's charts with their tables, the CSV's columns and values, the quarterly report; officers get 403",
          arguments: TestDatabase.all)
    func pagesChartsCSVAndPermissions(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let (brigade, officers, supervision) = try await Self.scenario(app)
            app.supervisionFacts = supervision
            let browser = StaffWebTests.Browser(app)
            _ = try await browser.signIn(try await StaffWebTests.user(.supervisionSection, app: app), StaffWebTests.password)

            // The dashboard links to the statistics.
            #expect(try await browser.send(.GET, "/staff").body.string.contains("id=\"weak-spots-link\""))

            // Default: the current quarter by unit.
            let page = try await browser.send(.GET, "/staff/weak-spots")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("2026年10月至2026年12月"))
            for id in ["recording", "publicity", "review", "complaints", "optional"] {
                #expect(html.contains("id=\"\(id)-title\"") && html.contains("id=\"\(id)-table\""), "\(id)")
            }
            #expect(html.components(separatedBy: "<svg").count - 1 == 5)
            #expect(html.contains("<title>2026年10月至2026年12月执法记录问题（按单位）</title>"))
            #expect(html.contains("<th scope=\"row\">\(brigade.name)</th>"))
            #expect(html.contains("部分属实") && html.contains("其中：应全程音视频记录而未录像（R5）"))

            // By officer and by month.
            let officerName = try #require(try await OfficerModel.find(officers[0], on: app.db)).name
            #expect(try await browser.send(.GET, "/staff/weak-spots?from=2026-10&to=2026-12&by=officer").body.string
                .contains("<th scope=\"row\">\(officerName)</th>"))
            let months = try await browser.send(.GET, "/staff/weak-spots?from=2026-10&to=2026-12&by=month").body.string
            #expect(months.contains("<th scope=\"row\">2026年10月</th>") && months.contains("<th scope=\"row\">2026年12月</th>"))
            // A reversed period says so and shows the current quarter.
            let reversed = try await browser.send(.GET, "/staff/weak-spots?from=2026-12&to=2026-10")
            #expect(reversed.status == .badRequest && reversed.body.string.contains("id=\"error\""))

            // The CSV: one column per figure; the brigade's row has its values.
            let csv = try await browser.send(.GET, "/staff/weak-spots/report.csv?from=2026-10&to=2026-12&by=unit")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = String(csv.body.string.drop { $0 == "\u{FEFF}" }).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let header = lines[0].components(separatedBy: ",")
            let brigadeLine = try #require(lines.first { $0.hasPrefix(brigade.name + ",") }).components(separatedBy: ",")
            #expect(brigadeLine.count == header.count)
            func value(_ column: String) -> String? { header.firstIndex(of: column).map { brigadeLine[$0] } }
            let table = try await WeakSpotService(app.lawTrail.serviceContext(on: app.db), supervision: supervision)
                .report(from: CivilDate(iso: "2026-10-01")!, to: CivilDate(iso: "2026-12-31")!).table(.unit)
            let counts = try #require(table.rows.first { $0.label == brigade.name }).counts
            #expect(counts.gapsUnexplained >= 1 && counts.count(.withdrawal) >= 1 && counts.count(.correctionRequest) >= 1)
            #expect(value("录像中断（未说明）") == String(counts.gapsUnexplained) && value("录像中断（已说明）") == String(counts.gapsExplained))
            #expect(value("记录问题：应全程音视频记录而未录像（R5）") == String(counts.count(.mandatoryVideoMissing)))
            #expect(value("公示逾期未完成") == String(counts.publicationsOverdue))
            #expect(value("更正申请") == String(counts.count(.correctionRequest)) && value("公示更正") == String(counts.count(.correction)))
            #expect(value("公示撤下") == String(counts.count(.withdrawal)))
            #expect(value("评查平均分") == "78.0" && value("投诉举报：部分属实") == "1" && value("投诉举报逾期办理") == "1")
            #expect(value("视情录像率") == counts.optionalRate().map(WeakSpotTable.percent))
            #expect(lines.last?.hasPrefix("合计,") == true)

            // The printable quarterly report.
            let quarterly = try await browser.send(.GET, "/staff/weak-spots/quarterly?year=2026&quarter=4")
            #expect(quarterly.status == .ok)
            let report = quarterly.body.string
            #expect(report.contains("2026年第四季度执法薄弱环节统计报告") && report.contains("2026年10月1日至2026年12月31日"))
            #expect(report.contains("data-print") && report.contains("<svg") && report.contains("按执法人员统计"))
            #expect(report.contains(officerName))
            #expect(try await browser.send(.GET, "/staff/weak-spots/quarterly?year=2026&quarter=5").status == .badRequest)

            // The leadership and the legal section may see them; officers may not (SPEC X5).
            for role in [Role.supervisor, .legalSection] {
                let other = StaffWebTests.Browser(app)
                _ = try await other.signIn(try await StaffWebTests.user(role, app: app), StaffWebTests.password)
                #expect(try await other.send(.GET, "/staff/weak-spots").status == .ok, "\(role)")
            }
            let officer = StaffWebTests.Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            for path in ["/staff/weak-spots", "/staff/weak-spots/report.csv", "/staff/weak-spots/quarterly?year=2026&quarter=4"] {
                #expect(try await officer.send(.GET, path).status == .forbidden, "\(path)")
            }
            #expect(!(try await officer.send(.GET, "/staff").body.string.contains("weak-spots-link")))
            // Statistics by officer are internal: the portal has no such page.
            #expect(try await app.sendRaw(.GET, "/staff/weak-spots").status == .seeOther)
        }
    }

    /// Counts the log lines of a database handle: one or more per SQL statement, the same number each time.
    final class StatementCounter: LogHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var lines = 0
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        var count: Int { lock.withLock { lines } }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            lock.withLock { lines += 1 }
        }
    }

    @Test("SPEC R12: bounded work — the statements a report runs do not grow with the activities of the period", arguments: TestDatabase.all)
    func statementsDoNotGrowWithActivities(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            _ = try await Self.scenario(app)
            func statements() async throws -> (count: Int, activities: Int) {
                let counter = StatementCounter()
                let db = try #require(app.databases.database(logger: Logger(label: "weak-spots") { _ in counter }, on: app.eventLoopGroup.any()))
                let report = try await WeakSpotService(app.lawTrail.serviceContext(on: db))
                    .report(from: CivilDate(iso: "2026-10-01")!, to: CivilDate(iso: "2026-12-31")!)
                return (counter.count, Set(report.facts.optionalSituations.map(\.on)).count + report.facts.findings.count)
            }
            let before = try await statements()
            #expect(before.count > 0)
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let counterparty = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first()?.id)
            for _ in 0..<12 {
                _ = try await client.caseAndActivity(
                    token: officer, situations: ["inquiry-after-filing"], kind: "penalty", counterpartyID: counterparty)
            }
            let after = try await statements()
            #expect(after.activities >= before.activities + 12)  // twelve more acts, each with a finding
            #expect(after.count == before.count, "\(before.count) → \(after.count) log lines")
        }
    }
}

/// Issue 15 item 4: a quarter with many acts, timed (`LAWTRAIL_WEAKSPOT_BENCH=<acts>`; docs/benchmarks.md).
@Suite struct WeakSpotBenchmark {
    @Test("SPEC R12: a quarter of many acts, each with a finding, reported in bounded statements and time",
          .enabled(if: ProcessInfo.processInfo.environment["LAWTRAIL_WEAKSPOT_BENCH"] != nil), arguments: TestDatabase.all)
    func quarter(database: TestDatabase) async throws {
        let acts = Int(ProcessInfo.processInfo.environment["LAWTRAIL_WEAKSPOT_BENCH"] ?? "") ?? 2000
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let token = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: token, situations: ["inquiry-after-filing"], kind: "penalty")
            let store = ActivityStore(ledger: app.lawTrail.ledger.writer)
            let user = try #require(try await UserModel.query(on: app.db).first()?.id)
            let loadStart = Date()
            for index in 0..<acts {
                let start = CivilDate(iso: "2026-10-08")!.adding(days: index % 80).startInstant().addingTimeInterval(9 * 3600)
                try await store.create(Activity(
                    caseID: made.caseID, kind: .penalty, procedure: .general, site: Site(address: "上海市普陀区真北路1888号"),
                    isOnSite: true, officerIDs: made.officers, startedAt: start, endedAt: start.addingTimeInterval(3600),
                    situations: [.inquiryAfterFiling], optionalSituations: index % 2 == 0 ? [.onSiteInspection] : []),
                    by: user, at: clock.now)
            }
            let loaded = Date().timeIntervalSince(loadStart)
            let counter = WeakSpotStatisticsTests.StatementCounter()
            let db = try #require(app.databases.database(logger: Logger(label: "weak-spots") { _ in counter }, on: app.eventLoopGroup.any()))
            let started = Date()
            let report = try await WeakSpotService(app.lawTrail.serviceContext(on: db))
                .report(from: CivilDate(iso: "2026-10-01")!, to: CivilDate(iso: "2026-12-31")!)
            let elapsed = Date().timeIntervalSince(started)
            let table = report.table(.unit)
            print("WEAKSPOT-BENCH \(database) acts=\(acts) load=\(String(format: "%.1f", loaded))s report=\(String(format: "%.2f", elapsed))s "
                  + "logLines=\(counter.count) findings=\(table.total.findings) optional=\(table.total.optionalOccurred.values.reduce(0, +))")
            #expect(table.total.count(.mandatoryVideoMissing) >= acts)
            #expect(table.total.optionalOccurred[.onSiteInspection, default: 0] >= acts / 2)
        }
    }
}
