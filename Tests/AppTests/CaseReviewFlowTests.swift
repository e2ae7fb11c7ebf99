import App
import Crypto
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import SQLKit
import Testing
import TestSupport
import Vapor

/// Issue 15 item 2 at the service, on both databases (SPEC R12, R13, X1, X3): the review of one
/// closed penalty case — its checklist from the records, the own-case refusal, the score, the
/// findings sent with a working-day deadline, the unit's rectification, a send-back, closing, the
/// overdue list, the weak-spot query, and a ledger event for every step.
@Suite struct CaseReviewFlowTests {
    struct Prepared {
        let context: ServiceContext
        let caseID: UUID
        let unitID: UUID
        let officerAccount: UUID
        let officers: [UUID]
    }

    /// A penalty case with its decision (dated 2026-11-24, so its P7.1 duty is due 2026-12-03 and
    /// never met), closed on 2026-11-24.
    static func prepare(_ app: Application, clock: TestClock) async throws -> Prepared {
        let client = APIClient(app: app)
        let officer = try await RecordFixtures.signIn(app, role: .officer)
        let (caseID, activityID, officers) = try await client.caseAndActivity(token: officer.token, kind: "penalty")
        // The 现场检查记录 the act's checklist names as issued (SPEC P6), and the decision.
        let inspection = try await client.send(.POST, "/api/v1/records/documents", token: officer.token, json: DocumentJSON(
            activityId: activityID, templateId: DocumentTemplate.onSiteInspectionRecord.id, values: client.inspectionRecordValues()))
        #expect(inspection.status == .created, "\(inspection.body.string)")
        try await client.enterDecision(activityID: activityID, token: officer.token, number: "普应急罚〔2026〕801号", decided: "2026-11-24")
        let context = app.lawTrail.serviceContext(on: app.db)
        _ = try await ArchiveService(context, setup: app.lawTrail.archiveSetup).close(
            caseID, closedOn: "2026-11-24", summary: "罚款已缴纳，结案", by: StaffMember(id: officer.userID, role: .officer))
        let unitID = try #require(try await CaseModel.find(caseID, on: app.db)).unitID
        return Prepared(context: context, caseID: caseID, unitID: unitID, officerAccount: officer.userID, officers: officers)
    }

    static func ledgerTypes(_ app: Application) async throws -> [String] {
        try await LedgerReader(database: app.db).entries(from: 0, limit: 100_000).map(\.eventType)
    }

    @Test("R12, R13: review → findings with a 15-working-day deadline → rectification → send back → rectification → close",
          arguments: TestDatabase.all)
    func fullFlow(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24", hour: 16))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let p = try await Self.prepare(app, clock: clock)
            clock.now = TestClock.shanghai("2026-12-07")  // Monday; the decision's publish duty ended 12-03
            let service = CaseReviewService(app.lawTrail.serviceContext(on: app.db))
            let reviewer = StaffMember(id: try await RecordFixtures.signIn(app, role: .legalSection).userID, role: .legalSection)

            // The checklist from the records: documents, disclosure, recording per act; the publish duty.
            let (_, checklist) = try await service.checklist(caseID: p.caseID)
            let publication = try #require(checklist.items.first { $0.group == .publication })
            #expect(publication.automatic == .notMet)
            #expect(publication.evidence.contains { $0.contains("已逾期") })
            #expect(checklist.items.first { $0.group == .documents }?.automatic == .met)
            #expect(checklist.items.first { $0.group == .disclosure }?.automatic == .met)

            // SPEC R13: the account that entered the case, and an officer of its act, are refused.
            let before = try await LedgerReader(database: app.db).size()
            for own in [StaffMember(id: p.officerAccount, role: .legalSection), StaffMember(id: UUID(), role: .legalSection, officerID: p.officers[1])] {
                let refused = await #expect(throws: ServiceRefusal.self) { try await service.submit(caseID: p.caseID, .init(), by: own) }
                #expect(refused?.kind == .forbidden && refused?.type == "own-case-review")
            }
            let noReason = await #expect(throws: ServiceRefusal.self) {
                try await service.submit(caseID: p.caseID, .init(judgements: [ReviewJudgement(key: publication.key, outcome: .met)]), by: reviewer)
            }
            #expect(noReason?.errors["item:\(publication.key)"] != nil)
            #expect(try await LedgerReader(database: app.db).size() == before)

            let (review, findings) = try await service.submit(
                caseID: p.caseID, .init(extraFindings: ["卷内文件未按顺序编排页码"], comment: "程序基本规范"), by: reviewer)

            #expect(review.score == 90)  // 100 − the publication group's 10 points
            #expect(findings.count == 2)
            let due = try app.lawTrail.serviceContext(on: app.db).calendar.addWorkdays(CivilDate(iso: "2026-12-07")!, 15)
            #expect(due == CivilDate(iso: "2026-12-28"))
            #expect(findings.allSatisfy { $0.dueOn == due && $0.unitID == p.unitID && $0.sentOn == CivilDate(iso: "2026-12-07") })
            let again = await #expect(throws: ServiceRefusal.self) { try await service.submit(caseID: p.caseID, .init(), by: reviewer) }
            #expect(again?.type == "case-already-reviewed")

            // The responsible unit answers; another unit may not; closing before an answer is refused.
            let unitStaff = StaffMember(id: UUID(), role: .officer, unitID: p.unitID)
            let otherUnit = StaffMember(id: UUID(), role: .officer, unitID: UUID())
            let first = findings[0], second = findings[1]
            let wrongUnit = await #expect(throws: ServiceRefusal.self) { try await service.answer(findingID: first.id, text: "已整改", by: otherUnit) }
            #expect(wrongUnit?.kind == .forbidden)
            let early = await #expect(throws: ServiceRefusal.self) { try await service.close(findingID: first.id, comment: "", by: reviewer) }
            #expect(early?.kind == .conflict)
            // Accepting or sending back the rectification of one's own case is reviewing it: refused,
            // as is an answer from a role that does not answer findings.
            let handler = StaffMember(id: UUID(), role: .legalSection, officerID: p.officers[0])
            let ownClose = await #expect(throws: ServiceRefusal.self) { try await service.close(findingID: first.id, comment: "", by: handler) }
            #expect(ownClose?.type == "own-case-review")
            let ownSendBack = await #expect(throws: ServiceRefusal.self) { try await service.sendBack(findingID: first.id, reason: "退回", by: handler) }
            #expect(ownSendBack?.type == "own-case-review")
            let office = StaffMember(id: UUID(), role: .office, unitID: p.unitID)
            let notAnswering = await #expect(throws: ServiceRefusal.self) { try await service.answer(findingID: first.id, text: "已整改", by: office) }
            #expect(notAnswering?.kind == .forbidden)
            _ = try await service.answer(findingID: first.id, text: "已补充公示并说明逾期原因", by: unitStaff)
            clock.now = TestClock.shanghai("2026-12-08")
            let sentBack = try await service.sendBack(findingID: first.id, reason: "未附公示截图", by: reviewer)
            #expect(sentBack.dueOn == (try app.lawTrail.serviceContext(on: app.db).calendar.addWorkdays(CivilDate(iso: "2026-12-08")!, 15)))
            _ = try await service.answer(findingID: first.id, text: "已附公示截图", by: unitStaff)
            _ = try await service.close(findingID: first.id, comment: "整改到位", by: reviewer)
            let closedTwice = await #expect(throws: ServiceRefusal.self) { try await service.close(findingID: first.id, comment: "", by: reviewer) }
            #expect(closedTwice?.type == "finding-step-not-allowed")

            // The unanswered one is overdue after its 15th working day, and shows so.
            let queries = CaseReviewQueries(database: app.db)
            #expect(try await queries.overdue(today: CivilDate(iso: "2026-12-28")!).isEmpty)
            #expect(try await queries.overdue(today: CivilDate(iso: "2026-12-29")!).map(\.finding.id) == [second.id])
            #expect(try await queries.finding(first.id)?.state == .closed)

            // The weak-spot statistics' query: not rectified until every finding is closed.
            var scores = try await queries.scores(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!)
            #expect(scores.count == 1)
            #expect(scores.first?.score == 90 && scores.first?.findingsCount == 2 && scores.first?.rectified == false)
            #expect(scores.first?.enforcementKind == .penalty && scores.first?.unitID == p.unitID)
            #expect(Set(scores.first?.officerIDs ?? []) == Set(p.officers))
            _ = try await service.answer(findingID: second.id, text: "已重新编排页码", by: unitStaff)
            _ = try await service.close(findingID: second.id, comment: "", by: reviewer)
            scores = try await queries.scores(from: CivilDate(iso: "2026-12-01")!, to: CivilDate(iso: "2026-12-31")!)
            #expect(scores.first?.rectified == true)
            #expect(try await queries.scores(from: CivilDate(iso: "2027-01-01")!, to: CivilDate(iso: "2027-01-31")!).isEmpty)

            // SPEC X3: one event per step.
            let types = try await Self.ledgerTypes(app)
            #expect(types.filter { $0 == "case_review.submitted" }.count == 1)
            #expect(types.filter { $0 == "case_review.finding_sent" }.count == 2)
            #expect(types.filter { $0 == "case_review.rectification_answered" }.count == 3)
            #expect(types.filter { $0 == "case_review.finding_sent_back" }.count == 1)
            #expect(types.filter { $0 == "case_review.finding_closed" }.count == 2)
            let stored = try #require(try await queries.review(caseID: p.caseID))
            #expect(stored.review == review)
        }
    }

    @Test("R12: a case not closed cannot be reviewed", arguments: TestDatabase.all)
    func notClosed(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let officer = try await RecordFixtures.signIn(app, role: .officer)
            let fixture = try await RecordFixtures.makeActivity(app, by: officer.userID)
            let service = CaseReviewService(app.lawTrail.serviceContext(on: app.db))
            let refused = await #expect(throws: ServiceRefusal.self) {
                try await service.submit(caseID: fixture.enforcementCase.id, .init(), by: StaffMember(id: UUID(), role: .legalSection))
            }
            #expect(refused?.type == "case-not-closed")
        }
    }

    @Test("issue 15: the demo's history has a reviewed case whose finding was rectified and closed", arguments: TestDatabase.all)
    func demoHasAReviewedCase(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, adjust: { $0.demoHistory = true }) { app in
            let queries = CaseReviewQueries(database: app.db)
            let (reviews, total) = try await queries.reviews(search: nil, offset: 0, limit: 10)
            #expect(total == 1)
            let review = try #require(reviews.first?.review)
            let findings = try await queries.findings(reviewID: review.id)
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0.state == .closed && $0.steps.map(\.kind) == [.answered, .closed] })
            #expect(review.score < 100)
            let types = try await Self.ledgerTypes(app)
            #expect(types.contains("case_review.finding_closed"))
        }
    }

    @Test("R12: a sample of closed cases by unit and kind, committed to the shared verifiable draw; refusals; a drawn case's review names its sample",
          arguments: TestDatabase.all)
    func sampling(database: TestDatabase) async throws {
        let clock = TestClock(TestClock.shanghai("2026-11-24", hour: 16))
        try await withTestApp(database, demo: true, adjust: { $0.now = { clock.now } }) { app in
            let p = try await Self.prepare(app, clock: clock)
            clock.now = TestClock.shanghai("2026-12-07")
            let context = app.lawTrail.serviceContext(on: app.db)
            let service = CaseReviewService(context)
            let legal = StaffMember(id: try await RecordFixtures.signIn(app, role: .legalSection).userID, role: .legalSection)
            let secrets = ["法制宣传科的密文-0001-abcdef", "监督方的密文-0002-uvwxyz"]
            let parties = zip(["法制宣传科", "局领导"], secrets).map {
                DrawPartyCommitment(party: $0.0, secretSHA256: SHA256.hash(data: Data($0.1.utf8)).map { String(format: "%02x", $0) }.joined())
            }
            let before = try await LedgerReader(database: app.db).size()

            let tooMuch = await #expect(throws: ServiceRefusal.self) {
                try await service.sample(from: "2026-11-01", to: "2026-11-30", share: "150", parties: parties, by: legal)
            }
            #expect(tooMuch?.errors["share"] == "抽查比例不能超过 100%")
            let empty = await #expect(throws: ServiceRefusal.self) {
                try await service.sample(from: "2025-01-01", to: "2025-12-31", share: "10", parties: parties, by: legal)
            }
            #expect(empty?.errors["to"]?.contains("没有已结案的案件") == true)
            let oneParty = await #expect(throws: ServiceRefusal.self) {
                try await service.sample(from: "2026-11-01", to: "2026-11-30", share: "10", parties: [parties[0]], by: legal)
            }
            #expect(oneParty?.type == "draw-refused")
            #expect(try await LedgerReader(database: app.db).size() == before)

            // 100 %, so the case is drawn whatever else the demo closed that month.
            let (sampleID, drawID, strata) = try await service.sample(from: "2026-11-01", to: "2026-11-30", share: "100", parties: parties, by: legal)

            let stratum = try #require(strata.first { $0.cases.contains { $0.caseID == p.caseID } })
            #expect(stratum.kind == .penalty && stratum.unitID == p.unitID && stratum.count == stratum.cases.count)
            let row = try #require(try await CaseReviewQueries(database: app.db).sample(sampleID))
            #expect(row.drawID == drawID && row.shareBasisPoints == 10_000 && row.strata == strata)
            #expect(try await service.drawnCases(row) == nil)
            let draws = DrawService(context: context)
            // One person reveals one party's secret: the second party is a supervisor.
            let supervisor = StaffMember(id: try await RecordFixtures.signIn(app, role: .supervisor).userID, role: .supervisor)
            try await draws.reveal(drawID: drawID, party: parties[0].party, secret: secrets[0], by: legal)
            try await draws.reveal(drawID: drawID, party: parties[1].party, secret: secrets[1], by: supervisor)
            _ = try await draws.run(drawID: drawID, publicValue: nil, by: legal)
            #expect(try await service.drawnCases(row)?.contains(p.caseID) == true)
            let types = try await Self.ledgerTypes(app)
            #expect(types.contains("case_review.sampled") && types.contains("draw.committed") && types.contains("draw.completed"))

            let (review, _) = try await service.submit(caseID: p.caseID, .init(), by: legal)
            #expect(review.sampleID == sampleID)
        }
    }
}
