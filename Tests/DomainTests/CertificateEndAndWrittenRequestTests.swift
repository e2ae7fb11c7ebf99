import Domain
import Foundation
import Testing

// Issue 13 item 5 (b), (c): a certificate reaching its end date raises the P8 (三) update duty by
// itself (公示办法 八（三）); a written correction request received by letter or e-mail is entered by
// staff and its 5-working-day P9.2 duty counts from the day received (公示办法 九).

@Suite("Certificate ends and written correction requests — issue 13 item 5 (b), (c)")
struct CertificateEndAndWrittenRequestTests {
    typealias F = PublicityFixtures

    @Test("SPEC P8 (三): a certificate valid to D has ended from D + 1, which is the day the duty counts from")
    func endAndTrigger() {
        #expect(!CertificateEndDuty.hasEnded(validTo: F.day("2026-06-30"), today: F.day("2026-06-30")))
        #expect(CertificateEndDuty.hasEnded(validTo: F.day("2026-06-30"), today: F.day("2026-07-01")))
        #expect(CertificateEndDuty.hasEnded(validTo: F.day("2026-06-30"), today: F.day("2026-07-09")))
        #expect(CertificateEndDuty.triggerDate(validTo: F.day("2026-06-30")) == F.day("2026-07-01"))
        // 2026-07-01 (Wednesday) + 20 working days: the day itself not counted (SPEC X1).
        let rules = ObligationRules(calendar: F.calendar)
        #expect(rules.due(.updateAfterCertificateChange, triggeredOn: F.day("2026-07-01")).date == F.day("2026-07-29"))
    }

    @Test("SPEC P8 (三): only public items published on or before the end date show the certificate")
    func affected() throws {
        let shown = try F.publishedPenalty()  // published 2026-02-13
        #expect(CertificateEndDuty.affected([shown], validTo: F.day("2026-02-13")).count == 1)
        #expect(CertificateEndDuty.affected([shown], validTo: F.day("2026-02-12")).isEmpty)
        let withdrawn = try PublicationWorkflow.withdraw(shown, reason: "调离", by: F.brigadeLeader, at: F.shanghai("2026-03-01")).publication
        #expect(CertificateEndDuty.affected([withdrawn], validTo: F.day("2026-06-30")).isEmpty)
    }

    @Test("SPEC P9.2: a written request keeps the day received, which may not be in the future; its receipt carries that day")
    func writtenRequest() throws {
        let entered = F.shanghai("2026-07-06", 9)
        func make(_ receivedOn: CivilDate?, _ channel: CorrectionRequest.Written.Channel?) -> Result<CorrectionRequest, CorrectionRequestProblems> {
            CorrectionRequest.makeWritten(
                publicationID: F.publicationID, publicationReference: "普应急罚〔2026〕12号", requesterName: "上海某某有限公司",
                contact: "021-12345678", description: "罚款金额有误，应为2万元", channel: channel, receivedOn: receivedOn,
                enteredBy: F.legalA.userID, enteredAt: entered)
        }
        let request = try make(F.day("2026-07-01"), .letter).get()
        #expect(request.receivedOn == F.day("2026-07-01"))
        #expect(request.receipt.hasPrefix("GZ20260701-"))
        #expect(request.written?.channel == .letter && request.written?.enteredBy == F.legalA.userID)
        if case .object(let content) = request.canonicalContent, case .object(let written)? = content["written"] {
            #expect(written["receivedOn"] == .string("2026-07-01"))
        } else {
            Issue.record("the ledger digest must cover how and when the request was received")
        }
        // Today is allowed; tomorrow is not.
        #expect((try? make(F.day("2026-07-06"), .email).get()) != nil)
        guard case .failure(let future) = make(F.day("2026-07-07"), .email) else { Issue.record("a future day was accepted"); return }
        #expect(future.byField["receivedOn"] == "收到日期不能晚于今天")
        guard case .failure(let missing) = make(nil, nil) else { Issue.record("missing fields were accepted"); return }
        #expect(Set(missing.byField.keys) == ["receivedOn", "channel"])
        // A request from the form is received the day it is stored.
        let online = try CorrectionRequest.make(
            publicationID: F.publicationID, publicationReference: "x", requesterName: "张三", contact: "13800000000",
            description: "内容不准确", attachment: nil, receivedAt: entered).get()
        #expect(online.receivedOn == F.day("2026-07-06") && online.written == nil)
    }

    @Test("SPEC P9.2: the duty of a written request counts 5 working days from the day received, not the day entered")
    func writtenDuty() {
        let rules = ObligationRules(calendar: F.calendar)
        // Received Wednesday 2026-07-01, entered Monday 2026-07-06: due Wednesday 2026-07-08.
        #expect(rules.due(.answerCorrectionRequest, triggeredOn: F.day("2026-07-01")).date == F.day("2026-07-08"))
    }
}
