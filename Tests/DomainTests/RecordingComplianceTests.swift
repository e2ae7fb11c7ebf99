import Domain
import Foundation
import Testing

// Issue 13 item 6: recording compliance that checks what the rules say — SPEC R5 coverage of the
// act's time, R5 items (五) and (七) derived from the records, R8 devices, P6 for investigation and
// service wherever they happen, and the documents issued.
@Suite struct RecordingComplianceTests {
    typealias F = RecordingFixtures

    func check(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        ComplianceCheck.findings(activity: activity, officers: F.officers, evidence: evidence)
    }

    func video(_ segments: [RecordingSession.Segment], id: UUID = F.sessionID) -> RecordingSession {
        RecordingSession(id: id, medium: .video, segments: segments, counterpartyToldRecordingStarted: true)
    }

    func evidence(_ sessions: [RecordingSession], documents: [ActivityEvidence.Document] = [F.inspectionRecord()]) -> ActivityEvidence {
        ActivityEvidence(sessions: sessions, documents: documents, mediaKinds: [.video])
    }

    // MARK: - SPEC R5 (全程) and R7 (连续): coverage of the act's time

    @Test("SPEC R5: the issue's case — a 1-minute video from another day does not cover a coercion act")
    func videoFromAnotherDay() throws {
        let start = F.shanghai(2026, 12, 4, 9, 0), end = F.shanghai(2026, 12, 4, 10, 0)
        let activity = F.activity(situations: [.coerciveMeasureOrEvidencePreservation], startedAt: start, endedAt: end)
        let captured = F.shanghai(2026, 11, 1, 9, 0)
        let session = video([.init(recordID: UUID(), start: captured, end: captured.addingTimeInterval(60))])

        let findings = check(activity, evidence([session]))

        #expect(findings.map(\.kind) == [.coverageIncomplete])
        let finding = try #require(findings.first)
        #expect(finding.specID == "R5")
        #expect(finding.kind.rawValue == "coverage-incomplete")
        #expect(finding.message == "视音频记录的拍摄时间均不在执法活动时间（2026年12月4日 09:00至2026年12月4日 10:00）内，执法全程没有录像")
    }

    @Test("SPEC R5: a video covering only the first part names the uncovered span")
    func partialCoverage() throws {
        let activity = F.activity(situations: [.disputedOrDangerous])  // 09:00–10:30

        let findings = check(activity, evidence([video([F.segment(0, lasting: 1800)])]))

        #expect(findings.map(\.kind) == [.coverageIncomplete])
        #expect(try #require(findings.first).message
            == "执法活动（2026年11月29日 09:00至2026年11月29日 10:30）中2026年11月29日 09:30至2026年11月29日 10:30（1小时0分0秒）没有视音频记录，未做到全程连续记录")
    }

    @Test("SPEC R5: a late start, a time between two sessions and an early end are each one finding")
    func spansBeforeBetweenAndAfter() {
        let first = video([F.segment(600, lasting: 1200)], id: UUID())         // 09:10–09:30
        let second = video([F.segment(2400, lasting: 1800)], id: UUID())       // 09:40–10:10

        let findings = check(F.activity(situations: [.disputedOrDangerous]), evidence([second, first]))

        #expect(findings.map(\.kind) == [.coverageIncomplete, .coverageIncomplete, .coverageIncomplete])
        let spans = RecordingCoverage.uncovered(from: F.start, to: F.end, by: [first, second])
        #expect(spans.map(\.duration) == [600, 600, 1200])
    }

    @Test("SPEC R5: up to the coverage tolerance at the edges is not a finding; one second more is")
    func toleranceAtTheEdges() {
        let tolerance = RecordingSession.defaultCoverageTolerance
        let within = video([F.segment(tolerance, lasting: 5400 - 2 * tolerance)])
        let beyond = video([F.segment(tolerance + 1, lasting: 5400 - tolerance - 1)])
        let activity = F.activity(situations: [.disputedOrDangerous])

        #expect(check(activity, evidence([within])) == [])
        #expect(check(activity, evidence([beyond])).map(\.kind) == [.coverageIncomplete])
        #expect(ComplianceCheck.findings(activity: activity, officers: F.officers, evidence: evidence([beyond]),
                                         coverageTolerance: tolerance + 1) == [])
    }

    @Test("SPEC R5, R7: an explained gap inside a session counts as covered; an unexplained one is R7's finding only")
    func gapsInsideASessionAreR7s() {
        var session = video([F.segment(0, lasting: 1800), F.segment(2400, lasting: 3000)])
        let activity = F.activity(situations: [.disputedOrDangerous])

        #expect(check(activity, evidence([session])).map(\.kind) == [.unexplainedGap])
        session.interruptions = [InterruptionExplanation(
            afterSegment: 0, reason: .batteryOrStorage, text: "更换电池", evidence: .statedInRecording(at: 3))]
        #expect(check(activity, evidence([session])) == [])
    }

    @Test("SPEC R6: optional recording need not cover the act; a lawful exemption needs no coverage either")
    func coverageOnlyWhereVideoIsMandatory() {
        let short = video([F.segment(0, lasting: 60)])

        #expect(check(F.activity(), evidence([short])) == [])
        #expect(check(F.activity(situations: [.disputedOrDangerous], highRisk: true, exemption: "加油站卸油区"),
                      evidence([short])) == [])
    }

    // MARK: - SPEC R5 (五), (七) from the records

    func inquiry(start: String, recordID: UUID = UUID()) -> ActivityEvidence.Document {
        var values = F.completeValues(.inquiryRecord)
        values["inquiryStart"] = start
        return .init(templateID: DocumentTemplate.inquiryRecord.id, values: values, recordID: recordID)
    }

    func receipt(method: String) -> ActivityEvidence.Document {
        var values = F.completeValues(.serviceReceipt)
        values["serviceMethod"] = method
        return .init(templateID: DocumentTemplate.serviceReceipt.id, values: values)
    }

    @Test("SPEC R5 (五): an inquiry record on or after the filing date needs video though nobody ticked it",
          arguments: ["2026-11-29T09:10", "2026-11-30T09:10"])
    func inquiryAfterFiling(start: String) throws {
        let activity = F.activity(kind: .penalty, isOnSite: false)
        let evidence = ActivityEvidence(documents: [inquiry(start: start)], caseFiledOn: F.date(2026, 11, 29))

        let findings = check(activity, evidence).filter { $0.specID == "R5" }

        #expect(findings.map(\.kind) == [.mandatoryVideoMissing])
        let finding = try #require(findings.first)
        #expect(finding.situation == .inquiryAfterFiling)
        #expect(finding.message.contains("由询问笔录（询问日期"))
        #expect(finding.message.contains("立案日期2026年11月29日"))
    }

    @Test("SPEC R5 (五): an inquiry before filing, or in a case not filed, derives nothing")
    func inquiryBeforeFiling() {
        let activity = F.activity(kind: .penalty)
        let before = ActivityEvidence(documents: [inquiry(start: "2026-11-28T09:10")], caseFiledOn: F.date(2026, 11, 29))
        let unfiled = ActivityEvidence(documents: [inquiry(start: "2026-11-30T09:10")])

        #expect(DerivedSituations.derivations(activity, before) == [])
        #expect(DerivedSituations.derivations(activity, unfiled) == [])
    }

    @Test("SPEC R5 (五): a blank inquiry time falls back to the act's day")
    func inquiryWithoutTime() {
        let activity = F.activity(kind: .penalty)  // 2026-11-29
        let evidence = ActivityEvidence(documents: [inquiry(start: "")], caseFiledOn: F.date(2026, 11, 29))

        #expect(DerivedSituations.applicable(activity, evidence) == [.inquiryAfterFiling])
    }

    @Test("SPEC R5 (七): a service receipt by leaving or announcement needs video; by direct service it does not",
          arguments: [("留置送达", true), ("公告送达", true), ("直接送达", false), ("邮寄送达", false)])
    func serviceMethod(method: String, mandatory: Bool) {
        let activity = F.activity(kind: .penalty)
        let evidence = ActivityEvidence(documents: [receipt(method: method)])

        #expect(DerivedSituations.applicable(activity, evidence) == (mandatory ? [.serviceByLeavingOrAnnouncement] : []))
        #expect(check(activity, evidence).contains { $0.kind == .mandatoryVideoMissing } == mandatory)
    }

    @Test("SPEC R5: a derived situation met by a covering video gives no finding; ticked and derived count once")
    func derivedAndTickedOnce() {
        let activity = F.activity(kind: .penalty, situations: [.serviceByLeavingOrAnnouncement])
        let withVideo = ActivityEvidence(sessions: [F.continuousVideo()], documents: [receipt(method: "留置送达")], mediaKinds: [.video])
        let without = ActivityEvidence(documents: [receipt(method: "留置送达")])

        #expect(check(activity, withVideo).filter { $0.specID == "R5" } == [])
        let missing = check(activity, without).filter { $0.kind == .mandatoryVideoMissing }
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("认定") == false)  // ticked by hand: no derivation note
    }

    // MARK: - SPEC P6 for investigation and service wherever they happen

    @Test("SPEC P6: an off-site inquiry (调查取证) needs two certified officers, certificates shown and items told")
    func offSiteInquiry() throws {
        var activity = F.activity(kind: .penalty, officers: [F.zhang], isOnSite: false)
        activity.checklist = DisclosureChecklist()
        let evidence = ActivityEvidence(documents: [inquiry(start: "2026-11-29T09:10")])

        let findings = check(activity, evidence)

        #expect(ComplianceCheck.disclosureOccasion(activity, evidence) == "调查取证")
        #expect(findings.contains { $0.kind == .tooFewCertifiedOfficers && $0.message.hasPrefix("调查取证须有至少两名") })
        #expect(findings.contains { $0.kind == .certificatesNotShown && $0.officerID == F.zhang.id })
        #expect(findings.filter { $0.kind == .rightsNotTold }.count == DisclosureChecklist.requiredItems(for: .penalty).count)
    }

    @Test("SPEC P6: an off-site service (送达) is checked too; an off-site act that is neither is not")
    func offSiteServiceAndOther() {
        var service = F.activity(kind: .penalty, isOnSite: false)
        service.checklist = DisclosureChecklist()
        let receiptEvidence = ActivityEvidence(documents: [receipt(method: "直接送达")])
        let other = ActivityEvidence(documents: [.init(templateID: DocumentTemplate.penaltyDecision.id,
                                                       values: F.completeValues(.penaltyDecision))])

        #expect(ComplianceCheck.disclosureOccasion(service, receiptEvidence) == "送达")
        #expect(check(service, receiptEvidence).contains { $0.kind == .certificatesNotShown })
        #expect(ComplianceCheck.disclosureOccasion(service, other) == nil)
        #expect(!check(service, other).contains { $0.specID == "P6" })
    }

    // MARK: - SPEC P6: documents issued

    func rectification(number: String = "普应急责改〔2026〕12号") -> ActivityEvidence.Document {
        var values = F.completeValues(.rectificationOrder)
        values["documentNumber"] = number
        return .init(templateID: DocumentTemplate.rectificationOrder.id, values: values, recordID: UUID())
    }

    @Test("SPEC P6: an act whose records hold an issued document but names none issued is a finding")
    func issuedButNotRecorded() throws {
        var activity = F.activity(kind: .inspection)
        activity.checklist.documentsIssued = []
        let order = rectification()

        let findings = check(activity, ActivityEvidence(sessions: [F.continuousVideo()], documents: [order], mediaKinds: [.video]))

        #expect(findings.map(\.kind) == [.documentsIssuedNotRecorded])
        let finding = try #require(findings.first)
        #expect(finding.specID == "P6")
        #expect(finding.recordID == order.recordID)
        #expect(finding.message == "本次执法活动的记录中有《责令限期整改指令书》，但未记录向行政相对人出具了哪些执法文书")
    }

    @Test("SPEC P6: each document named as issued must be among the act's records, by title or number",
          arguments: [("责令限期整改指令书", true), ("《责令限期整改指令书》普应急责改〔2026〕12号", true),
                      ("普应急责改〔2026〕12号", true), ("行政处罚决定书", false), ("查封扣押决定书", false)])
    func issuedNameMatches(name: String, found: Bool) {
        var activity = F.activity(kind: .inspection)
        activity.checklist.documentsIssued = [name]

        let findings = check(activity, ActivityEvidence(documents: [rectification()]))

        #expect(findings.contains { $0.kind == .issuedDocumentNotFound } == !found)
    }

    @Test("SPEC P6: names are not checked against a scanned paper record, which may be the document")
    func scannedPaperMayBeTheDocument() {
        var activity = F.activity(kind: .inspection)
        activity.checklist.documentsIssued = ["查封扣押决定书"]

        let findings = check(activity, ActivityEvidence(documents: [rectification()], scannedPaperRecords: 1))

        #expect(!findings.contains { $0.kind == .issuedDocumentNotFound })
    }

    // MARK: - SPEC R8: devices

    static let deviceID = UUID(uuidString: "00000000-0000-0000-0000-0000000000e8")!

    func mediaEvidence(device: UUID?, custody: [UUID: DeviceCustody]) -> ActivityEvidence {
        ActivityEvidence(
            documents: [F.inspectionRecord()], mediaKinds: [.photo],
            mediaRecords: [.init(recordID: UUID(), medium: .photo, deviceID: device, captureStart: F.start.addingTimeInterval(60))],
            devices: custody)
    }

    func custody(_ assignments: [DeviceCustody.Assignment]) -> [UUID: DeviceCustody] {
        [Self.deviceID: DeviceCustody(deviceID: Self.deviceID, serial: "DSJ-001", assignments: assignments)]
    }

    @Test("SPEC R8: a photo taken with a device held by one of the act's officers is fine")
    func assignedDevice() {
        let evidence = mediaEvidence(device: Self.deviceID, custody: custody([.init(officerID: F.li.id, from: F.shanghai(2026, 1, 5, 9, 0))]))

        #expect(check(F.activity(), evidence) == [])
    }

    @Test("SPEC R8: a media record naming no device is a finding")
    func noDevice() throws {
        let findings = check(F.activity(), mediaEvidence(device: nil, custody: [:]))

        #expect(findings.map(\.kind) == [.deviceNotNamed])
        #expect(findings.first?.specID == "R8")
        #expect(findings.first?.message == "照片记录（拍摄于2026年11月29日 09:01）未注明记录设备")
    }

    @Test("SPEC R8: an unregistered device, or one held by someone else that day, is a finding")
    func unassignedDevice() throws {
        let other = UUID()
        let unregistered = check(F.activity(), mediaEvidence(device: Self.deviceID, custody: [:]))
        let someoneElse = check(F.activity(), mediaEvidence(device: Self.deviceID, custody: custody([
            .init(officerID: F.zhang.id, from: F.shanghai(2026, 1, 5, 9, 0)),
            .init(officerID: other, from: F.shanghai(2026, 11, 20, 9, 0)),
        ])))
        let later = check(F.activity(), mediaEvidence(device: Self.deviceID, custody: custody([
            .init(officerID: F.zhang.id, from: F.shanghai(2026, 11, 30, 9, 0)),
        ])))

        #expect(unregistered.map(\.kind) == [.deviceNotAssigned])
        #expect(unregistered.first?.message == "照片记录（拍摄于2026年11月29日 09:01）所注明的记录设备未登记")
        #expect(someoneElse.map(\.kind) == [.deviceNotAssigned])
        #expect(someoneElse.first?.message == "照片记录（拍摄于2026年11月29日 09:01）所用记录设备（编号DSJ-001）2026年11月29日未配发给本次执法活动的执法人员")
        #expect(someoneElse.first?.deviceID == Self.deviceID)
        #expect(later.map(\.kind) == [.deviceNotAssigned])
    }

    @Test("SPEC R8: a device handed over during the capture day counts for both holders that day")
    func handedOverThatDay() {
        let custody = DeviceCustody(deviceID: Self.deviceID, serial: "DSJ-001", assignments: [
            .init(officerID: F.zhang.id, from: F.shanghai(2026, 1, 5, 9, 0)),
            .init(officerID: F.li.id, from: F.shanghai(2026, 11, 29, 14, 0)),
        ])

        #expect(custody.holders(on: F.date(2026, 11, 29)) == [F.zhang.id, F.li.id])
        #expect(custody.holders(on: F.date(2026, 11, 30)) == [F.li.id])
        #expect(custody.holders(on: F.date(2026, 1, 4)) == [])
    }
}
