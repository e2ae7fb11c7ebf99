@testable import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// Issue 15 item 1 (SPEC P7.3): a 双随机 plan committed before any randomness, revealed by two
/// parties, drawn once; recusal; inspections with two officers; the conclusion's 20-working-day
/// duty met by the published result; the portal's data recomputes the draw — on SQLite and
/// PostgreSQL, through the staff pages.
@Suite struct DoubleRandomTests {
    typealias Browser = StaffWebTests.Browser
    typealias Person = (browser: Browser, csrf: String, userID: UUID)

    static func post(_ who: Person, _ path: String, _ form: [String: String]) async throws -> StaffWebTests.BrowserResponse {
        try await who.browser.send(.POST, path, form: form.merging(["csrf": who.csrf]) { a, _ in a })
    }

    static func events(_ type: String, _ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM ledger_entries WHERE event_type = \(bind: type)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The plan form for the demo's published 随机抽查事项 and the brigade, with two parties.
    static func planForm(_ app: Application, secrets: [String], size: String = "100%") async throws -> [String: String] {
        let (items, _) = try await PublicationQueries(database: app.db).staffList(
            state: PublicationState.published.slug, kind: .randomInspectionItem, offset: 0, limit: 1)
        let item = try #require(items.first)
        let brigade = try #require(try await UnitModel.query(on: app.db).filter(\.$kind == UnitKind.enforcementBrigade.rawValue).first())
        return [
            "itemPublicationId": item.id.uuidString, "unitId": brigade.id!.uuidString, "selection": "all", "size": size,
            "party1": "执法大队", "digest1": VerifiableDraw.secretDigest(secrets[0]),
            "party2": "区司法局行政执法监督员", "digest2": VerifiableDraw.secretDigest(secrets[1]),
        ]
    }

    @Test("issue 15 item 1: commit, reveal, draw once; recusal holds; two officers each; the result's duty; the portal data recomputes",
          arguments: TestDatabase.all)
    func aDrawFromCommitmentToPublishedResult(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-12-07"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let leader = try await RetentionDisposalTests.signedIn(.brigadeLeader, app)
            let supervisor = try await RetentionDisposalTests.signedIn(.supervisor, app)
            let legal = try await RetentionDisposalTests.signedIn(.legalSection, app)
            let officers = try await OfficerModel.query(on: app.db).sort(\.$name).all()
            let companies = try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").sort(\.$identifier).all()
            let related = companies[0]
            let relatedOfficer = try #require(officers.first)
            let secrets = ["执法大队的密文-7Kq2", "监督员的密文-Wm9x"]

            // Recusal: recorded before the plan, so the plan's exclusions carry it.
            #expect(try await Self.post(leader, "/staff/recusals", [
                "officerId": relatedOfficer.id!.uuidString, "counterparty": related.identifier, "relation": "其配偶在该单位任安全主管",
            ]).status == .seeOther)
            let recusals = try await leader.browser.send(.GET, "/staff/recusals")
            #expect(recusals.body.string.contains(related.name))

            // Bad plans are refused with the reason, and the typed values stay in the form.
            var form = try await Self.planForm(app, secrets: secrets)
            form["size"] = "101%"
            let overShare = try await Self.post(leader, "/staff/draws/new-inspection-plan", form)
            #expect(overShare.status == .unprocessableEntity)
            #expect(overShare.body.string.contains("抽取比例须大于 0% 且不超过 100%"))
            #expect(overShare.body.string.contains("value=\"101%\""))
            form = try await Self.planForm(app, secrets: secrets)
            form["selection"] = "area"
            form["area"] = "火星基地"
            #expect(try await Self.post(leader, "/staff/draws/new-inspection-plan", form).body.string.contains("名录库为空"))
            form = try await Self.planForm(app, secrets: secrets)
            form["party2"] = ""
            form["digest2"] = ""
            #expect(try await Self.post(leader, "/staff/draws/new-inspection-plan", form).body.string.contains("至少两方"))
            #expect(try await Self.events("draw.committed", app) == 0)
            // An officer may not plan.
            let officer = try await RetentionDisposalTests.signedIn(.officer, app)
            #expect(try await Self.post(officer, "/staff/draws/new-inspection-plan", try await Self.planForm(app, secrets: secrets)).status == .forbidden)

            // The plan: every company drawn (100 %), so the recusal is visible on each run.
            let committed = try await Self.post(leader, "/staff/draws/new-inspection-plan", try await Self.planForm(app, secrets: secrets))
            #expect(committed.status == .seeOther)
            let location = try #require(committed.headers.first(name: .location))
            let drawPath = String(location.prefix { $0 != "?" })
            let drawID = try #require(UUID(uuidString: String(drawPath.split(separator: "/").last ?? "")))
            #expect(try await Self.events("draw.committed", app) == 1)
            // The same plan again is the same commitment: refused, not a second draw.
            #expect(try await Self.post(leader, "/staff/draws/new-inspection-plan", try await Self.planForm(app, secrets: secrets)).status == .conflict)

            // Reveals: a wrong secret is refused and not echoed; the run waits for every party.
            let wrong = try await Self.post(supervisor, drawPath + "/reveal", ["party": "区司法局行政执法监督员", "secret": "猜一个密文试试看"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("不符") && !wrong.body.string.contains("猜一个密文试试看"))
            #expect(try await Self.post(leader, drawPath + "/run", [:]).status == .conflict)
            #expect(try await Self.post(leader, drawPath + "/reveal", ["party": "执法大队", "secret": secrets[0]]).status == .seeOther)
            // One person cannot reveal both: the leader holding the witness's secret too is refused.
            let both = try await Self.post(leader, drawPath + "/reveal", ["party": "区司法局行政执法监督员", "secret": secrets[1]])
            #expect(both.status == .conflict && both.body.string.contains("一人只能提交一方"))
            #expect(try await Self.post(supervisor, drawPath + "/reveal", ["party": "区司法局行政执法监督员", "secret": secrets[1]]).status == .seeOther)
            #expect(try await Self.post(supervisor, drawPath + "/reveal", ["party": "执法大队", "secret": secrets[0]]).status == .conflict)

            // Run once: one inspection case per company, two distinct officers each, never the related one at 相关单位.
            #expect(try await Self.post(supervisor, drawPath + "/run", [:]).status == .forbidden)
            #expect(try await Self.post(leader, drawPath + "/run", [:]).status == .seeOther)
            #expect(try await Self.post(leader, drawPath + "/run", [:]).status == .conflict)
            #expect(try await Self.events("draw.completed", app) == 1)
            let inspections = try await DrawQueries(database: app.db).inspections(drawID: drawID)
            #expect(inspections.count == companies.count)
            for inspection in inspections {
                #expect(Set(inspection.model.officers).count == 2)
                if inspection.model.counterpartyID == related.id { #expect(!inspection.model.officers.contains(relatedOfficer.id!)) }
                let enforcementCase = try #require(try await CaseModel.find(inspection.model.caseID, on: app.db))
                #expect(enforcementCase.kind == EnforcementKind.inspection.rawValue)
            }
            #expect(try await Self.events("inspection.assigned", app) == companies.count)

            // Nothing committed can change: the tables are insert-only.
            await #expect(throws: (any Error).self) {
                try await (app.db as! any SQLDatabase).raw("UPDATE draws SET specification = '{}'").run()
            }

            // The portal's data recomputes the draw; one changed entry does not.
            let data = try await leader.browser.send(.GET, "/draws/\(drawID.uuidString.lowercased())/draw.json")
            #expect(data.status == .ok)
            let check = try PublishedDrawCheck.check(Array(data.body.readableBytesView))
            #expect(check.isValid && check.outcomeMatches == true)
            let tampered = data.body.string.replacingOccurrences(of: related.name, with: related.name + "（分公司）")
            #expect(try PublishedDrawCheck.check(Array(tampered.utf8)).isValid == false)
            let portal = try await Browser(app).send(.GET, "/draws/\(drawID.uuidString.lowercased())")
            #expect(portal.status == .ok && portal.body.string.contains(secrets[1]))
            #expect(!portal.body.string.contains("其配偶"))  // the relation's reason stays internal

            // The conclusion: only a drawn officer (or the brigade leader); the duty is 20 working days.
            let inspection = try #require(inspections.first { !$0.model.officers.contains(relatedOfficer.id!) })
            let notDrawn = try await AccountService.createUser(
                username: "officer-\(UUID().uuidString.prefix(6))".lowercased(), displayName: "未抽中的执法人员", role: .officer,
                password: StaffWebTests.password, officerID: relatedOfficer.id, on: app.db, hasher: app.password.sync)
            let outsider = Browser(app)
            _ = try await outsider.signIn(notDrawn.username, StaffWebTests.password)
            let outsiderCSRF = try #require(Browser.csrf(try await outsider.send(.GET, "/staff").body.string))
            let inspectionPath = "/staff/inspections/\(inspection.model.id!.uuidString.lowercased())"
            let conclusion = ["concludedOn": "2026-12-07", "outcome": "no-problem", "summary": "现场检查未发现问题。"]
            #expect(try await Self.post((outsider, outsiderCSRF, notDrawn.id!), inspectionPath + "/conclusion", conclusion).status == .forbidden)
            var future = conclusion
            future["concludedOn"] = "2026-12-08"
            let refused = try await Self.post(leader, inspectionPath + "/conclusion", future)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("不能晚于今天"))
            #expect(refused.body.string.contains("现场检查未发现问题。"))
            #expect(try await Self.post(leader, inspectionPath + "/conclusion", conclusion).status == .seeOther)
            #expect(try await Self.post(leader, inspectionPath + "/conclusion", conclusion).status == .conflict)
            let duty = try #require(try await ObligationQueries(database: app.db).all(subject: .drawnInspection(inspection.model.id!)).first)
            #expect(duty.kind == .publishRandomInspectionResult)
            // 20 working days after Monday 2026-12-07 run into January 2027 (元旦 not counted).
            #expect(duty.due.date == app.lawTrail.obligationRules.due(.publishRandomInspectionResult, triggeredOn: CivilDate(iso: "2026-12-07")!).date)
            #expect(duty.due.date.map { $0 > CivilDate(iso: "2027-01-01")! } == true)

            // The result's draft carries the duty; publishing it meets the duty.
            let drafted = try await Self.post(leader, inspectionPath + "/result-draft", [:])
            #expect(drafted.status == .seeOther)
            let publicationID = try #require(try await ObligationQueries(database: app.db).linkedPublication(duty.id))
            let publication = try await PublicationQueries(database: app.db).publication(publicationID)
            #expect(publication?.kind == .randomInspectionResult)
            #expect(publication?.latestVersion.fields["随机抽取"]?.contains(drawID.uuidString.lowercased()) == true)
            #expect(try await Self.post(leader, inspectionPath + "/result-draft", [:]).status == .conflict)
            let context = app.lawTrail.serviceContext(on: app.db)
            let leaderStaff = StaffMember(id: leader.userID, role: .brigadeLeader)
            _ = try await PublicationService(context).perform(.submit, on: publicationID, by: leaderStaff)
            _ = try await PublicationService(context).perform(.approve, on: publicationID, category: .inspectionResult, by: StaffMember(id: legal.userID, role: .legalSection))
            _ = try await PublicationService(context).perform(.publish, on: publicationID, by: leaderStaff)
            let met = try #require(try await ObligationQueries(database: app.db).all(subject: .drawnInspection(inspection.model.id!)).first)
            #expect(met.metOn == CivilDate(iso: "2026-12-07"))
            let page = try await leader.browser.send(.GET, inspectionPath)
            #expect(page.body.string.contains("已完成（2026年12月7日）"))
        }
    }

    @Test("issue 15 item 1: fewer than two eligible officers for any object refuses the plan", arguments: TestDatabase.all)
    func recusalCanLeaveTooFewOfficers(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let leader = try await RetentionDisposalTests.signedIn(.brigadeLeader, app)
            let company = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first())
            let officers = try await OfficerModel.query(on: app.db).all()
            let service = InspectionService(app.lawTrail.serviceContext(on: app.db))
            let staff = StaffMember(id: leader.userID, role: .brigadeLeader)
            for officer in officers.dropFirst() {
                _ = try await service.declareRelation(officerID: officer.id, counterparty: company.identifier, relation: "曾在该单位任职", by: staff)
            }
            var form = try await DoubleRandomTests.planForm(app, secrets: ["第一方密文abc", "第二方密文xyz"], size: "1")
            form["selection"] = "list"
            form["list"] = "统一社会信用代码\n" + company.identifier
            let refused = try await Self.post(leader, "/staff/draws/new-inspection-plan", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("回避后只有 1 名可派执法人员"))
            form["list"] = "91310107MA1G000017"
            #expect(try await Self.post(leader, "/staff/draws/new-inspection-plan", form).body.string.contains("不是有效的统一社会信用代码"))
            #expect(try await Self.events("draw.committed", app) == 0)
        }
    }
}

/// Issue 15 "Done when": the demo's history has a completed draw with a published result, and the
/// weak-spot statistics count the demo's stored review and complaint (not rows handed in).
@Suite struct SupervisionDemoTests {
    @Test("issue 15: the demo has a completed, recomputable draw with a published result; the statistics read the stored review and complaint",
          arguments: TestDatabase.all)
    func demoDrawAndStatistics(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.demoHistory = true }) { app in
            let (draws, total) = try await DrawQueries(database: app.db).draws(purpose: .randomInspection, search: nil, completedOnly: true, offset: 0, limit: 5)
            #expect(total == 1)
            let drawID = try #require(draws.first?.id)
            let data = try await StaffWebTests.Browser(app).send(.GET, "/draws/\(drawID.uuidString.lowercased())/draw.json")
            let check = try PublishedDrawCheck.check(Array(data.body.readableBytesView))
            #expect(check.isValid && check.outcomeMatches == true && check.missingReveals.isEmpty)
            let inspections = try await DrawQueries(database: app.db).inspections(drawID: drawID)
            let concluded = try #require(inspections.first { $0.conclusion != nil })
            let duty = try #require(try await ObligationQueries(database: app.db).all(subject: .drawnInspection(concluded.model.id!)).first)
            #expect(duty.metOn != nil)
            let publicationID = try #require(try await ObligationQueries(database: app.db).linkedPublication(duty.id))
            let publication = try #require(try await PublicationQueries(database: app.db).publication(publicationID))
            #expect(publication.state == .published && publication.kind == .randomInspectionResult)

            let context = app.lawTrail.serviceContext(on: app.db)
            let today = app.lawTrail.today
            let from = try #require(today.adding(months: -12))
            let stored = StoredSupervisionFacts(context)
            let reviews = try await stored.reviewScores(from: from, to: today)
            let complaints = try await stored.complaintOutcomes(from: from, to: today)
            #expect(reviews.count == 1 && reviews[0].score < 100 && reviews[0].findings > 0)
            #expect(complaints.count == 1 && complaints[0].outcome == "部分属实")
            let report = try await WeakSpotService(context).report(from: from, to: today)
            #expect(report.facts.reviewScores.count == 1 && report.facts.complaints.count == 1)
        }
    }
}
