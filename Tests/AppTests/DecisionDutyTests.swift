import App
import Domain
import Fluent
import Foundation
import Persistence
import Testing
import TestSupport
import VaporTesting

/// Issue 13 item 1: a decision entered in its case creates its publish duty at once (SPEC P7.1,
/// P7.2, X2), so 应公示未公示 (公示办法 十（一）) is found without anyone drafting; a draft links to
/// that duty; a corrected decision date moves it, on the ledger. On both databases, through HTTP.
@Suite struct DecisionDutyTests {
    typealias ObligationItemJSON = PublicityAPITests.ObligationItemJSON
    typealias Page = PublicityAPITests.Page

    func duty(_ client: APIClient, token: String, decision: UUID) async throws -> ObligationItemJSON? {
        let page = try client.decode(Page<ObligationItemJSON>.self, try await client.send(.GET, "/api/v1/obligations?per=100", token: token))
        return page.items.first { $0.obligation.subject == .decision(decision) }
    }

    @Test("a penalty decision never drafted is overdue on the 8th working day and in the P10 report; a later draft links to the same duty",
          arguments: TestDatabase.all)
    func undraftedDecisionGoesOverdue(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-16"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            var staff = try await client.staff()
            let (caseID, activityID, officers) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕131号", decided: "2026-11-16")

            let created = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(created.obligation.specID == "P7.1")
            #expect(created.obligation.triggerDate == CivilDate(iso: "2026-11-16"))
            #expect(created.obligation.due == .date(CivilDate(iso: "2026-11-25")!))  // the 7th working day after Mon 11-16
            #expect(created.obligation.title == "普应急罚〔2026〕131号 行政处罚决定书")
            #expect(created.obligation.responsibility.personID == officers[0])
            clock.now = TestClock.shanghai("2026-11-25")
            staff = try await client.staff()  // sign in again: tokens end with the day
            #expect(try await duty(client, token: staff.legalA, decision: decisionID)?.state == "open")
            clock.now = TestClock.shanghai("2026-11-26")  // the 8th working day
            staff = try await client.staff()
            #expect(try await duty(client, token: staff.legalA, decision: decisionID)?.state == "overdue")

            let report = try await client.send(.GET, "/api/v1/accountability?from=2026-11-01&to=2026-11-30&format=csv", token: staff.supervisor)
            #expect(report.status == .ok)
            #expect(report.body.string.contains("普应急罚〔2026〕131号 行政处罚决定书"))
            #expect(report.body.string.contains("逾期未完成"))

            // Drafting now links to that duty: no second duty, and publishing meets it (late).
            let drafted = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.officer,
                                                json: ["personId": officers[0].uuidString])
            #expect(drafted.status == .created, "\(drafted.body.string)")
            let draft = try client.decode(Publication.self, drafted)
            #expect(draft.latestVersion.fields["decisionDate"] == "2026-11-16")
            let linked = try await ObligationQueries(database: app.db).linkedPublication(created.obligation.id)
            #expect(linked == draft.id)
            #expect(try await ObligationQueries(database: app.db).all(subject: .publication(draft.id)).isEmpty)
            #expect(try await client.ledgerTypes().contains("obligation.linked"))
            let again = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.officer,
                                              json: ["personId": officers[0].uuidString])
            #expect(again.status == .conflict, "\(again.body.string)")

            var fields = APIClient.penaltyFields(
                name: draft.latestVersion.fields["counterpartyName"]!, code: draft.latestVersion.fields["usccCode"]!,
                number: "普应急罚〔2026〕131号", decided: "2026-11-16")
            fields["decisionNumber"] = "普应急罚〔2026〕131号"
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/revise", token: staff.officer,
                                          json: try await client.content(fields, title: "普应急罚〔2026〕131号 行政处罚决定")).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/submit", token: staff.officer).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/approve", token: staff.legalA).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/publications/\(draft.id)/publish", token: staff.brigadeLeader).status == .ok)
            let met = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(met.state == "met" && met.obligation.metOn == CivilDate(iso: "2026-11-26"))
            let late = try await client.send(.GET, "/api/v1/accountability?from=2026-11-01&to=2026-11-30&format=csv", token: staff.supervisor)
            #expect(late.body.string.contains("逾期完成"))
        }
    }

    @Test("a coercion decision drafted 10 working days later is due on the 20th working day after the decision, from its own form",
          arguments: TestDatabase.all)
    func coercionCountsFromTheDecision(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-02"))  // a Monday
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            var staff = try await client.staff()
            let (caseID, activityID, officers) = try await client.caseAndActivity(token: staff.officer, kind: "coercion")
            // A penalty decision in the same case must not fill the coercion's publication.
            try await client.enterDecision(activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕140号", decided: "2026-11-02")
            let decisionID = try await client.enterDecision(
                .coercionDecision, activityID: activityID, token: staff.officer, number: "普应急强〔2026〕7号", decided: "2026-11-02")

            clock.now = TestClock.shanghai("2026-11-16")  // 10 working days later
            staff = try await client.staff()  // sign in again: tokens end with the day
            let drafted = try await client.send(.POST, "/api/v1/publications/from-case/\(caseID)", token: staff.officer,
                                                json: ["personId": officers[0].uuidString])
            #expect(drafted.status == .created, "\(drafted.body.string)")
            let draft = try client.decode(Publication.self, drafted)
            #expect(draft.kind == .coercionDecision)
            #expect(draft.latestVersion.fields["decisionNumber"] == "普应急强〔2026〕7号")
            #expect(draft.latestVersion.fields["decisionDate"] == "2026-11-02")
            let coercion = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(coercion.obligation.specID == "P7.2")
            #expect(coercion.obligation.due == .date(CivilDate(iso: "2026-11-30")!))  // 20th working day after Mon 11-02
            #expect(try await ObligationQueries(database: app.db).linkedPublication(coercion.obligation.id) == draft.id)
        }
    }

    @Test("a corrected decision date moves the duty, on the ledger; a future date and a second decision of one number are refused",
          arguments: TestDatabase.all)
    func correctionMovesTheDuty(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-20"))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let client = APIClient(app: app)
            let staff = try await client.staff()
            let (_, activityID, _) = try await client.caseAndActivity(token: staff.officer, kind: "penalty")
            let decisionID = try await client.enterDecision(
                activityID: activityID, token: staff.officer, number: "普应急罚〔2026〕150号", decided: "2026-11-16")
            var values = APIClient.decisionValues(.penaltyDecision, number: "普应急罚〔2026〕150号", decided: "2026-11-18")
            let corrected = try await client.send(.POST, "/api/v1/records/\(decisionID)/corrections", token: staff.officer,
                                                  json: CorrectionJSON(values: values, reason: "决定日期笔误"))
            #expect(corrected.status == .created, "\(corrected.body.string)")
            let moved = try #require(try await duty(client, token: staff.legalA, decision: decisionID))
            #expect(moved.obligation.triggerDate == CivilDate(iso: "2026-11-18"))
            #expect(moved.obligation.due == .date(CivilDate(iso: "2026-11-27")!))
            #expect(try await client.ledgerTypes().contains("obligation.rescheduled"))
            let all = try client.decode(Page<ObligationItemJSON>.self, try await client.send(.GET, "/api/v1/obligations?per=100", token: staff.legalA))
            #expect(all.items.filter { $0.obligation.id == moved.obligation.id }.count == 1)

            values["decidedOn"] = "2026-11-21"
            let future = try await client.send(.POST, "/api/v1/records/documents", token: staff.officer, json: DocumentJSON(
                activityId: activityID, templateId: DocumentTemplate.penaltyDecision.id,
                values: APIClient.decisionValues(.penaltyDecision, number: "普应急罚〔2026〕151号", decided: "2026-11-21")))
            #expect(future.status == .unprocessableEntity)
            #expect(try client.problem(future).errors?["decidedOn"]?.contains("晚于今天") == true)
            let duplicate = try await client.send(.POST, "/api/v1/records/documents", token: staff.officer, json: DocumentJSON(
                activityId: activityID, templateId: DocumentTemplate.penaltyDecision.id,
                values: APIClient.decisionValues(.penaltyDecision, number: "普应急罚〔2026〕150号", decided: "2026-11-16")))
            #expect(duplicate.status == .conflict, "\(duplicate.body.string)")
        }
    }
}
