import Domain
import Foundation
import Ledger
import Testing

/// Issue 15 item 3 (SPEC R13, X1): the complaint rules without a database.
@Suite struct ComplaintRulesTests {
    let calendar: StatutoryCalendar

    init() throws {
        calendar = try StatutoryCalendar.bundled()
    }

    static func input(kind: String? = "complaint", subject: String = "执法人员态度粗暴，请调查。", contact: String = "13912345678") -> Complaint.Input {
        Complaint.Input(kind: kind, subject: subject, concerning: "", name: "王某", contact: contact)
    }

    @Test("issue 15 item 3: the deadline counts working days on the statutory calendar, skipping the 2026 Spring Festival and counting its make-up Saturday")
    func deadlineOverSpringFestival() throws {
        // Friday 13 February 2026, 10:00 Shanghai; 5 working days: Sat 14 Feb (a make-up working day),
        // then the holiday 15–23 Feb, then Tue 24 to Fri 27 Feb.
        let now = CivilDate(iso: "2026-02-13")!.startInstant().addingTimeInterval(10 * 3600)
        let made = try Complaint.make(Self.input(), enteredBy: nil, now: now, workdays: 5, calendar: calendar).get()
        #expect(made.complaint.due == .date(CivilDate(iso: "2026-02-27")!))
        #expect(made.complaint.receivedOn == CivilDate(iso: "2026-02-13"))
        #expect(made.complaint.channel == .portal)
    }

    @Test("issue 15 item 3: a year without holiday data gives a flagged estimate, never a silent guess (SPEC X1)")
    func deadlineEstimate() throws {
        let due = ComplaintPolicy.due(receivedOn: CivilDate(iso: "2026-12-28")!, workdays: 15, calendar: calendar)
        #expect(due.isEstimate)
        #expect(due.chineseDescription.contains("估算"))
    }

    @Test("issue 15 item 3: the person is not in the canonical content; only a salted commitment is")
    func personCommitment() throws {
        let made = try Complaint.make(Self.input(), enteredBy: nil, now: Date(timeIntervalSince1970: 1_780_000_000), workdays: 15,
                                      calendar: calendar, salt: "00112233445566778899aabbccddeeff").get()
        let content = String(decoding: try CanonicalJSON.encode(made.complaint.canonicalContent), as: UTF8.self)
        #expect(!content.contains("13912345678") && !content.contains("王某"))
        #expect(made.complaint.personCommitment == made.person.commitment(salt: "00112233445566778899aabbccddeeff"))
        #expect(made.complaint.personCommitment != made.person.commitment(salt: "ffeeddccbbaa99887766554433221100"))
    }

    @Test("issue 15 item 3: bad input is refused field by field in Chinese; staff may enter an anonymous report, the form may not")
    func badInput() {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        guard case .failure(let problems) = Complaint.make(Self.input(kind: "x", subject: "短", contact: ""), enteredBy: nil, now: now, workdays: 15, calendar: calendar) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(problems.byField.keys) == ["kind", "subject", "contact"])
        let anonymous = Complaint.Input(kind: "report", channel: "letter", subject: "举报某执法人员收受礼品。", concerning: "", name: "", contact: "")
        #expect((try? Complaint.make(anonymous, enteredBy: UUID(), now: now, workdays: 15, calendar: calendar).get()) != nil)
        guard case .failure(let hotline) = Complaint.make(
            Complaint.Input(kind: "report", channel: "hotline", subject: "举报某执法人员收受礼品。", concerning: "", name: "", contact: ""),
            enteredBy: UUID(), now: now, workdays: 15, calendar: calendar) else {
            Issue.record("hotline without its number accepted")
            return
        }
        #expect(hotline.byField["hotlineNumber"] == "请填写12345热线转办工单编号")
        let future = Complaint.Input(kind: "report", channel: "letter", subject: "举报某执法人员收受礼品。", concerning: "", name: "", contact: "",
                                     receivedOn: CivilDate(now).adding(days: 1).description)
        guard case .failure(let late) = Complaint.make(future, enteredBy: UUID(), now: now, workdays: 15, calendar: calendar) else {
            Issue.record("a day received in the future accepted")
            return
        }
        #expect(late.byField["receivedOn"] == "收到日期不能晚于今天")
    }

    @Test("issue 15 \"Bad input and rules\": a complaint about an officer is never assigned to that officer")
    func neverToTheOfficerComplainedAbout() {
        let accused = UUID(), other = UUID(), unit = UUID()
        let refused = ComplaintAssignment.make(
            complaintID: UUID(), unitID: nil, officerID: accused, officerUnitID: unit, concernedOfficers: [accused],
            note: nil, by: UUID(), at: Date(timeIntervalSince1970: 0))
        guard case .failure(let problems) = refused else {
            Issue.record("assigned to the officer complained about")
            return
        }
        #expect(problems.byField["officerId"] == "该执法人员是被投诉举报的对象，不能承办本件")
        let assigned = try? ComplaintAssignment.make(
            complaintID: UUID(), unitID: nil, officerID: other, officerUnitID: unit, concernedOfficers: [accused],
            note: nil, by: UUID(), at: Date(timeIntervalSince1970: 0)).get()
        #expect(assigned?.unitID == unit)
    }

    @Test("issue 15 item 3: the working-day limit is a versioned setting within 1–60 days, with a reason")
    func policy() throws {
        let user = UUID()
        #expect(ComplaintPolicy.builtIn.workdays == 15)
        let next = try ComplaintPolicy.builtIn.next(workdays: "10", reason: "局务会决定", by: user, at: Date(timeIntervalSince1970: 0)).get()
        #expect(next.version == 1 && next.workdays == 10)
        guard case .failure(let problems) = next.next(workdays: "0", reason: "", by: user, at: Date(timeIntervalSince1970: 0)) else {
            Issue.record("accepted")
            return
        }
        #expect(Set(problems.byField.keys) == ["workdays", "reason"])
    }

    @Test("issue 15 item 3: receipts use an alphabet without look-alikes and carry the day received")
    func receipt() {
        var generator = SystemRandomNumberGenerator()
        let receipts = (0..<200).map { _ in Complaint.makeReceipt(on: CivilDate(iso: "2026-12-07")!, using: &generator) }
        #expect(receipts.allSatisfy { $0.hasPrefix("TS20261207-") && $0.count == 17 })
        #expect(receipts.allSatisfy { !$0.dropFirst(11).contains { "01OIL".contains($0) } })
        #expect(Set(receipts).count == receipts.count)
    }
}
