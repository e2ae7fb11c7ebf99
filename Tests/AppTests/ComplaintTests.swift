import App
import Domain
import Fluent
import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Complaints and reports (投诉举报, SPEC R13; issue 15 item 3): the public form with its limits,
/// the receipt and the status check, staff intake, assignment (never to the officer complained
/// about), links and retrieval with the purpose 投诉举报处理 (SPEC R9.2), the answer, the bureau's
/// working-day limit, and personal data kept off public pages and ledger leaves (SPEC X4).
@Suite struct ComplaintTests {
    typealias Browser = StaffWebTests.Browser

    static let phone = "13912345678"
    static let name = "王投诉人"
    static let idNumber = "310107198001011234"
    static let address = "上海市普陀区真北路100号"

    /// The public form's CSRF token and cookie.
    static func form(_ app: Application) async throws -> (csrf: String, cookie: String) {
        let form = try await app.sendRaw(.GET, "/complaints/new")
        #expect(form.status == .ok)
        let cookie = try #require(form.headers.setCookie?[CSRFCookie.name]?.string)
        let token = try #require(form.body.string.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1).description
        return (token, cookie)
    }

    static func submit(_ app: Application, _ form: (csrf: String, cookie: String), fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
        var body = [
            "csrf": form.csrf, "kind": "complaint", "concerning": "执法人员张某，普应急罚〔2026〕12号",
            "subject": "检查时执法人员未出示执法证件，态度粗暴，请调查处理。", "name": name, "contact": phone,
            "idNumber": idNumber, "address": address,
        ]
        body.merge(fields) { _, new in new }
        return try await app.sendRaw(.POST, "/complaints", form: body, cookie: form.cookie)
    }

    static func receipt(_ html: String) throws -> String {
        try #require(html.firstMatch(of: /id="receipt">([A-Z0-9-]+)</)?.1).description
    }

    static func status(_ app: Application, receipt: String, contact: String) async throws -> TestingHTTPResponse {
        try await app.sendRaw(.POST, "/complaints/status", form: ["receipt": receipt, "contact": contact])
    }

    static func leaves(_ app: Application) async throws -> [String] {
        try await (app.db as! any SQLDatabase).raw("SELECT leaf FROM ledger_entries ORDER BY idx").all().map {
            String(decoding: try $0.decode(column: "leaf", as: Data.self), as: UTF8.self)
        }
    }

    @Test("issue 15 item 3: the public form takes a complaint, gives a receipt and a 15-working-day deadline; the status check needs the contact; nothing personal on public pages or leaves",
          arguments: TestDatabase.all)
    func publicIntakeAndStatus(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let form = try await Self.form(app)

            // Bad input: a 422 form with Chinese messages and what was typed kept, nothing stored.
            let refused = try await Self.submit(app, form, fields: ["subject": "太短", "contact": "12", "kind": "", "idNumber": "123"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("请说明投诉举报的事项和理由"))
            #expect(refused.body.string.contains("请选择投诉或举报"))
            #expect(refused.body.string.contains("身份证号码应为18位"))
            #expect(refused.body.string.contains(Self.address) && refused.body.string.contains("太短"))
            let countAfterRefusal = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM complaints").first()?.decode(column: "n", as: Int.self)
            #expect(countAfterRefusal == 0)

            // A forged or missing CSRF token: refused, nothing stored.
            let forged = try await app.sendRaw(.POST, "/complaints", form: ["csrf": "x", "kind": "report", "subject": "一二三四五六", "name": "甲", "contact": Self.phone])
            #expect(forged.status == .forbidden)

            let accepted = try await Self.submit(app, form)
            #expect(accepted.status == .created)
            let receipt = try Self.receipt(accepted.body.string)
            #expect(receipt.hasPrefix("TS20261207-") && receipt.count == 17)
            // 15 working days after Monday 7 December, the day itself not counted: Monday 28 December.
            #expect(accepted.body.string.contains("2026年12月28日"))
            #expect(!accepted.body.string.contains(Self.phone) && !accepted.body.string.contains(Self.name))

            // Status: receipt and contact (spaces and hyphens ignored).
            let found = try await Self.status(app, receipt: receipt.lowercased(), contact: "139-1234 5678")
            #expect(found.status == .ok)
            #expect(found.body.string.contains("办理中") && found.body.string.contains("2026年12月28日"))
            #expect(found.body.string.contains("15个工作日"))
            for secret in [Self.phone, Self.name, Self.idNumber, Self.address] { #expect(!found.body.string.contains(secret)) }

            // A wrong contact gets the same answer as an unknown receipt.
            let wrongContact = try await Self.status(app, receipt: receipt, contact: "13900000000")
            let unknown = try await Self.status(app, receipt: "TS20261207-ZZZZZZ", contact: Self.phone)
            #expect(wrongContact.status == .notFound && unknown.status == .notFound)
            #expect(wrongContact.body.string.contains("未找到该受理编号，或联系方式与提交时填写的不一致"))
            #expect(unknown.body.string.contains("未找到该受理编号，或联系方式与提交时填写的不一致"))
            #expect(!wrongContact.body.string.contains("办理中"))

            // A 2,000-character subject (about 19 KB of form once URL-encoded) is taken whole; one more is refused.
            let long = String(repeating: "经查该单位未按规定进行辨识评估。", count: 125)
            let longAccepted = try await Self.submit(app, form, fields: ["subject": long])
            #expect(longAccepted.status == .created)
            let longRefused = try await Self.submit(app, form, fields: ["subject": long + "。"])
            #expect(longRefused.status == .unprocessableEntity)
            #expect(longRefused.body.string.contains("事项说明不超过2000个字"))
            let storedSubjects = try await (app.db as! any SQLDatabase).raw("SELECT subject FROM complaints").all().map { try $0.decode(column: "subject", as: String.self) }
            #expect(storedSubjects.contains(long))

            // The ledger: a complaint.received leaf with no personal data in any leaf.
            let leaves = try await Self.leaves(app)
            #expect(leaves.contains { $0.contains("\"complaint.received\"") && $0.contains("\"dueOn\":\"2026-12-28\"") })
            for leaf in leaves {
                for secret in [Self.phone, Self.name, Self.idNumber, Self.address] {
                    #expect(!leaf.contains(secret), "leaf carries personal data: \(leaf.prefix(200))")
                }
            }
            // Stored sealed: the row has no clear personal data either.
            let row = try #require(try await (app.db as! any SQLDatabase).raw("SELECT person_sealed, content, contact_lookup FROM complaints").first())
            let sealed = try row.decode(column: "person_sealed", as: String.self)
            let content = try row.decode(column: "content", as: String.self)
            #expect(sealed.hasPrefix("enc:v1:"))
            for secret in [Self.phone, Self.name, Self.idNumber, Self.address] {
                #expect(!sealed.contains(secret) && !content.contains(secret))
            }
        }
    }

    @Test("issue 15 item 3: the public form's hourly limit per client holds; what was typed is kept",
          arguments: TestDatabase.all)
    func hourlyLimit(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.correctionRequestsPerHour = 2 }) { app in
            let form = try await Self.form(app)
            #expect(try await Self.submit(app, form).status == .created)
            #expect(try await Self.submit(app, form).status == .created)
            let refused = try await Self.submit(app, form, fields: ["subject": "第三次提交的投诉内容，应被拒绝"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("提交过于频繁"))
            #expect(refused.body.string.contains("第三次提交的投诉内容"))
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM complaints").first()?.decode(column: "n", as: Int.self)
            #expect(stored == 2)
        }
    }

    @Test("issue 15 item 3: the daily limit for everyone holds")
    func dailyLimit() async throws {
        try await withTestApp(.sqlite, demo: true, adjust: { $0.correctionRequestsPerDay = 1 }) { app in
            let form = try await Self.form(app)
            #expect(try await Self.submit(app, form).status == .created)
            let refused = try await Self.submit(app, form)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("今日在线受理的投诉举报已满"))
        }
    }

    @Test("issue 15 item 3: staff intake, assignment refused for the officer complained about, links, retrieval logged with the purpose 投诉举报处理, the answer, the setting",
          arguments: TestDatabase.all)
    func staffFlow(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let office = Browser(app)
            _ = try await office.signIn(try await StaffWebTests.user(.office, app: app), StaffWebTests.password)
            let page = try await office.send(.GET, "/staff/complaints/new")
            #expect(page.status == .ok)
            let token = try #require(Browser.csrf(page.body.string))
            let officers = try await OfficerModel.query(on: app.db).all()
            let accused = try #require(officers.first)
            let other = try #require(officers.first { $0.id != accused.id && $0.$unit.id == accused.$unit.id } ?? officers.first { $0.id != accused.id })
            let record = try #require(try await RecordModel.query(on: app.db).first())

            // A hotline transfer without its number: refused, typed values kept.
            var fields = [
                "csrf": token, "kind": "report", "channel": "hotline", "receivedOn": "2026-12-04", "subject": "举报执法人员收受企业礼品。",
                "officerId": accused.id!.uuidString.lowercased(), "name": "匿名", "contact": "13700001111",
            ]
            let refused = try await office.send(.POST, "/staff/complaints/new", form: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("请填写12345热线转办工单编号"))
            #expect(refused.body.string.contains("举报执法人员收受企业礼品。"))

            fields["hotlineNumber"] = "12345-20261204-0088"
            let entered = try await office.send(.POST, "/staff/complaints/new", form: fields)
            #expect(entered.status == .seeOther)
            let location = try #require(entered.headers.first(name: .location))
            let id = try #require(location.firstMatch(of: /\/staff\/complaints\/([0-9a-f-]{36})/)?.1).description
            let detail = try await office.send(.GET, "/staff/complaints/\(id)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("12345热线转办") && detail.body.string.contains("12345-20261204-0088"))
            #expect(detail.body.string.contains("13700001111"))  // the handling staff see the contact
            // Received Friday 4 December: 15 working days → Friday 25 December.
            #expect(detail.body.string.contains("2026年12月25日"))

            // Assigning to the officer complained about is refused with a clear problem.
            let assignRefused = try await office.send(.POST, "/staff/complaints/\(id)/assign", form: [
                "csrf": token, "officerId": accused.id!.uuidString.lowercased(), "note": "请核查后报告",
            ])
            #expect(assignRefused.status == .conflict)
            #expect(assignRefused.body.string.contains("被投诉举报的对象"))
            #expect(assignRefused.body.string.contains("请核查后报告"))
            let assigned = try await office.send(.POST, "/staff/complaints/\(id)/assign", form: [
                "csrf": token, "officerId": other.id!.uuidString.lowercased(), "note": "请核查后报告",
            ])
            #expect(assigned.status == .seeOther)

            // A link to a record; linking the assignee as the officer complained about is refused.
            #expect(try await office.send(.POST, "/staff/complaints/\(id)/links", form: [
                "csrf": token, "target": "record", "reference": record.id!.uuidString.lowercased(),
            ]).status == .seeOther)
            let linkRefused = try await office.send(.POST, "/staff/complaints/\(id)/links", form: [
                "csrf": token, "target": "officer", "reference": other.id!.uuidString.lowercased(),
            ])
            #expect(linkRefused.status == .unprocessableEntity)
            #expect(linkRefused.body.string.contains("正在承办本件"))
            let linkedCase = try #require(try await CaseModel.query(on: app.db).first())
            #expect(try await office.send(.POST, "/staff/complaints/\(id)/links", form: [
                "csrf": token, "target": "case", "reference": linkedCase.number,
            ]).status == .seeOther)
            let unknownLink = try await office.send(.POST, "/staff/complaints/\(id)/links", form: [
                "csrf": token, "target": "case", "reference": "不存在的案号",
            ])
            #expect(unknownLink.status == .unprocessableEntity)
            #expect(unknownLink.body.string.contains("不存在的案号"))

            // The record opened from the complaint's page: logged with the purpose complaint-handling.
            let withLink = try await office.send(.GET, "/staff/complaints/\(id)")
            #expect(withLink.body.string.contains("value=\"complaint-handling\""))
            let opened = try await office.send(.POST, "/staff/records/\(record.id!.uuidString.lowercased())/retrieve", form: [
                "csrf": token, "purpose": "complaint-handling", "purposeText": "投诉举报 TS",
            ])
            #expect(opened.status == .seeOther, "\(opened.status) \(opened.body.string.prefix(300))")
            let retrievals = try await RetrievalModel.query(on: app.db).filter(\.$recordID == record.id!).all()
            #expect(retrievals.contains { $0.purpose == "complaint-handling" })

            // The answer, then the status check shows it.
            let answerRefused = try await office.send(.POST, "/staff/complaints/\(id)/answer", form: ["csrf": token, "text": "经查属实。"])
            #expect(answerRefused.status == .unprocessableEntity)
            #expect(answerRefused.body.string.contains("请选择办理结果") && answerRefused.body.string.contains("经查属实。"))
            #expect(try await office.send(.POST, "/staff/complaints/\(id)/answer", form: [
                "csrf": token, "outcome": "substantiated", "text": "经查属实，已对相关人员批评教育并责令退还礼品。",
            ]).status == .seeOther)
            let again = try await office.send(.POST, "/staff/complaints/\(id)/answer", form: [
                "csrf": token, "outcome": "unsubstantiated", "text": "第二次答复",
            ])
            #expect(again.status == .conflict)
            let receipt = try #require(try await office.send(.GET, "/staff/complaints/\(id)").body.string.firstMatch(of: /(TS\d{8}-[A-Z0-9]{6})/)?.1).description
            let status = try await Self.status(app, receipt: receipt, contact: "13700001111")
            #expect(status.status == .ok)
            #expect(status.body.string.contains("属实") && status.body.string.contains("责令退还礼品"))

            // Every step on the ledger.
            let leaves = try await Self.leaves(app)
            for type in ["complaint.received", "complaint.assigned", "complaint.linked", "complaint.answered"] {
                #expect(leaves.contains { $0.contains("\"\(type)\"") }, "no \(type)")
            }
            for leaf in leaves { #expect(!leaf.contains("13700001111")) }

            // What the weak-spot statistics read.
            let rows = try await ComplaintQueries(database: app.db).outcomes(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!)
            let row = try #require(rows.first { $0.complaintID.uuidString.lowercased() == id })
            #expect(row.outcome == .substantiated && row.officerID == accused.id && row.answeredLate == false)
            #expect(row.unitID == accused.$unit.id && row.receivedOn == CivilDate(iso: "2026-12-04"))
            #expect(row.enforcementKind == EnforcementKind(rawValue: linkedCase.kind) && row.enforcementKind != nil)
            #expect(row.dueOn == CivilDate(iso: "2026-12-25") && row.answeredOn == CivilDate(iso: "2026-12-07"))

            // The working-day limit: changed with a reason, on the ledger, applied to the next complaint.
            let policyRefused = try await office.send(.POST, "/staff/complaint-policy", form: ["csrf": token, "workdays": "90", "reason": "太长"])
            #expect(policyRefused.status == .unprocessableEntity)
            #expect(policyRefused.body.string.contains("办理期限应为1至60个工作日"))
            #expect(try await office.send(.POST, "/staff/complaint-policy", form: [
                "csrf": token, "workdays": "10", "reason": "局务会决定缩短办理期限",
            ]).status == .seeOther)
            #expect(try await Self.leaves(app).contains { $0.contains("\"complaint_policy.changed\"") && $0.contains("\"workdays\":10") })
            let form = try await Self.form(app)
            let next = try await Self.submit(app, form)
            #expect(next.status == .created)
            // 10 working days after Monday 7 December: Monday 21 December.
            #expect(next.body.string.contains("2026年12月21日"))

            // Insert-only (SPEC X3): the rows refuse UPDATE and DELETE.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE complaints SET subject = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM complaint_answers").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM complaint_policies").run() }
        }
    }

    @Test("issue 15 item 3: the demo's history holds an answered complaint, readable on the portal with receipt and contact",
          arguments: TestDatabase.all)
    func demoComplaint(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.demoHistory = true }) { app in
            let sql = app.db as! any SQLDatabase
            let row = try #require(try await sql.raw("SELECT c.receipt, c.officer_id, s.officer_id AS assignee FROM complaints c JOIN complaint_answers a ON a.complaint_id = c.id JOIN complaint_assignments s ON s.complaint_id = c.id").first())
            let receipt = try row.decode(column: "receipt", as: String.self)
            #expect(try row.decode(column: "officer_id", as: String?.self) != row.decode(column: "assignee", as: String?.self))
            let status = try await Self.status(app, receipt: receipt, contact: "13800138000")
            #expect(status.status == .ok)
            #expect(status.body.string.contains("部分属实") && status.body.string.contains("已责令整改"))
            #expect(!status.body.string.contains("李先生"))
        }
    }

    @Test("issue 15 item 3: the staff list searches by receipt or subject and filters by state and overdue", arguments: TestDatabase.all)
    func listFilters(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let legal = Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            let token = try #require(Browser.csrf(try await legal.send(.GET, "/staff/complaints/new").body.string))
            func enter(_ subject: String, receivedOn: String) async throws -> String {
                let response = try await legal.send(.POST, "/staff/complaints/new", form: [
                    "csrf": token, "kind": "complaint", "channel": "letter", "receivedOn": receivedOn, "subject": subject,
                    "name": "赵某", "contact": "13600000000",
                ])
                #expect(response.status == .seeOther)
                return try #require(response.headers.first(name: .location)?.firstMatch(of: /complaints\/([0-9a-f-]{36})/)?.1).description
            }
            // Received Monday 2 November: due 23 November, overdue on 7 December.
            let old = try await enter("十一月收到的来信，反映检查超时。", receivedOn: "2026-11-02")
            let recent = try await enter("十二月收到的来信，反映罚款金额有误。", receivedOn: "2026-12-07")
            _ = recent

            // The legal section's desk counts them.
            let home = try await legal.send(.GET, "/staff")
            #expect(home.body.string.contains("逾期未答复的投诉举报</a> <span class=\"badge\">1</span>"), "\(home.body.string)")
            #expect(home.body.string.contains("待答复的投诉举报</a> <span class=\"badge\">2</span>"))
            let overdue = try await legal.send(.GET, "/staff/complaints?overdue=1")
            #expect(overdue.status == .ok)
            #expect(overdue.body.string.contains("反映检查超时") && !overdue.body.string.contains("反映罚款金额有误"))
            #expect(overdue.body.string.contains("已逾期"))
            let search = try await legal.send(.GET, "/staff/complaints?q=%E7%BD%9A%E6%AC%BE")  // 罚款
            #expect(search.body.string.contains("反映罚款金额有误") && !search.body.string.contains("反映检查超时"))
            let oldPage = try await legal.send(.GET, "/staff/complaints/\(old)")
            let receipt = try #require(oldPage.body.string.firstMatch(of: /(TS20261102-[A-Z0-9]{6})/)?.1).description
            let byReceipt = try await legal.send(.GET, "/staff/complaints?q=\(receipt.lowercased())")
            #expect(byReceipt.body.string.contains("反映检查超时") && byReceipt.body.string.contains("共 1 件"))

            #expect(try await legal.send(.POST, "/staff/complaints/\(old)/answer", form: [
                "csrf": token, "outcome": "unsubstantiated", "text": "经查，检查用时符合规定。",
            ]).status == .seeOther)
            let answered = try await legal.send(.GET, "/staff/complaints?state=answered")
            #expect(answered.body.string.contains("反映检查超时") && answered.body.string.contains("逾期"))
            #expect(!answered.body.string.contains("反映罚款金额有误"))
            let open = try await legal.send(.GET, "/staff/complaints?state=open")
            #expect(open.body.string.contains("反映罚款金额有误") && !open.body.string.contains("反映检查超时"))
            // Answered late: the statistics row says so.
            let rows = try await ComplaintQueries(database: app.db).outcomes(from: CivilDate(iso: "2026-11-01")!, to: CivilDate(iso: "2026-11-30")!)
            #expect(rows.count == 1 && rows[0].answeredLate && rows[0].outcome == .unsubstantiated)
        }
    }

    @Test("issue 15 item 3: who may handle complaints (SPEC X5)")
    func permissions() async throws {
        try await withTestApp(.sqlite, demo: true) { app in
            let officer = Browser(app)
            _ = try await officer.signIn(try await StaffWebTests.user(.officer, app: app), StaffWebTests.password)
            #expect(try await officer.send(.GET, "/staff/complaints").status == .forbidden)
            let supervisor = Browser(app)
            _ = try await supervisor.signIn(try await StaffWebTests.user(.supervisor, app: app), StaffWebTests.password)
            let list = try await supervisor.send(.GET, "/staff/complaints")
            #expect(list.status == .ok)
            let token = try #require(Browser.csrf(list.body.string))
            #expect(try await supervisor.send(.POST, "/staff/complaint-policy", form: ["csrf": token, "workdays": "10", "reason": "试图调整"]).status == .forbidden)
            let legal = Browser(app)
            _ = try await legal.signIn(try await StaffWebTests.user(.legalSection, app: app), StaffWebTests.password)
            #expect(try await legal.send(.GET, "/staff/complaint-policy").status == .ok)
        }
    }
}
