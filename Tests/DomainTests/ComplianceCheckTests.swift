import Domain
import Foundation
import Testing

// SPEC R5, R7, R14, P6, R4: for each activity, the list of findings, each with its SPEC id.
@Suite struct ComplianceCheckTests {
    typealias F = RecordingFixtures

    func check(_ activity: Activity, _ evidence: ActivityEvidence, officers: [Officer] = F.officers) -> [ComplianceFinding] {
        ComplianceCheck.findings(activity: activity, officers: officers, evidence: evidence)
    }

    // MARK: - The baseline

    @Test("SPEC R14: a fully recorded act has no finding")
    func fullyRecordedActIsClean() {
        let findings = check(F.activity(situations: Set(F.allSituations)), F.fullEvidence())

        #expect(findings == [])
    }

    // MARK: - SPEC R5 matrix

    @Test("SPEC R5: a listed situation without video gives exactly one mandatory-video-missing finding",
          arguments: RecordingFixtures.allSituations)
    func situationWithoutVideo(situation: RecordingSituation) throws {
        let activity = F.activity(situations: [situation])

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.kind == .mandatoryVideoMissing)
        #expect(finding.kind.rawValue == "mandatory-video-missing")
        #expect(finding.specID == "R5")
        #expect(finding.situation == situation)
        #expect(finding.activityID == activity.id)
        #expect(finding.message == "“\(situation.chineseName)”属于应全程音视频记录的情形（全过程记录办法第五条\(situation.chineseItem)），但本次执法活动没有视音频记录")
        #expect(finding.fixHint != nil)
    }

    @Test("SPEC R5: a listed situation with a video session gives no finding",
          arguments: RecordingFixtures.allSituations)
    func situationWithVideo(situation: RecordingSituation) {
        #expect(check(F.activity(situations: [situation]), F.fullEvidence()) == [])
    }

    @Test("SPEC R7: a high-risk site with a recorded exemption reason gives no finding",
          arguments: RecordingFixtures.allSituations)
    func highRiskWithReason(situation: RecordingSituation) {
        let activity = F.activity(situations: [situation], highRisk: true, exemption: "加油站卸油区，执法记录仪非防爆型")

        #expect(check(activity, F.textOnlyEvidence()) == [])
    }

    @Test("SPEC R7: a high-risk site without an exemption reason gives exemption-without-reason only",
          arguments: RecordingFixtures.allSituations)
    func highRiskWithoutReason(situation: RecordingSituation) throws {
        let activity = F.activity(situations: [situation], highRisk: true, exemption: nil)

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.exemptionWithoutReason])
        let finding = try #require(findings.first)
        #expect(finding.specID == "R7")
        #expect(finding.message.contains(situation.chineseName))
    }

    @Test("SPEC R7: a blank exemption reason is no reason")
    func blankReasonIsNoReason() {
        let activity = F.activity(situations: [.disputedOrDangerous], highRisk: true, exemption: " \n ")

        #expect(check(activity, F.textOnlyEvidence()).map(\.kind) == [.exemptionWithoutReason])
    }

    @Test("SPEC R7: an exemption reason on a site that is not high-risk exempts nothing")
    func reasonOnOrdinarySite() throws {
        let activity = F.activity(situations: [.inquiryAfterFiling], highRisk: false, exemption: "当事人不同意录像")

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.mandatoryVideoMissing, .exemptionWithoutReason])
        #expect(findings.first?.situation == .inquiryAfterFiling)
        #expect(try #require(findings.last).message
            == "现场不属于易燃易爆等高风险场所，所填免于录像的原因“当事人不同意录像”不能免除全程音视频记录")
    }

    @Test("SPEC R7: a high-risk site that did record needs no reason")
    func highRiskWithVideoNeedsNoReason() {
        #expect(check(F.activity(situations: [.disputedOrDangerous], highRisk: true), F.fullEvidence()) == [])
    }

    @Test("SPEC R5: several situations give one finding each, in the bureau's order")
    func severalSituationsInOrder() {
        let activity = F.activity(situations: [
            .bureauDefined("夜间突击检查"), .serviceByLeavingOrAnnouncement, .checkAfterNotificationCommitmentLicence,
            .coerciveMeasureOrEvidencePreservation,
        ])

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.map(\.kind) == Array(repeating: .mandatoryVideoMissing, count: 4))
        #expect(findings.compactMap(\.situation) == [
            .checkAfterNotificationCommitmentLicence, .coerciveMeasureOrEvidencePreservation,
            .serviceByLeavingOrAnnouncement, .bureauDefined("夜间突击检查"),
        ])
    }

    @Test("SPEC R5: audio alone, or an empty video session, is not full video")
    func audioIsNotVideo() {
        let audio = RecordingSession(medium: .audio, segments: [F.segment(0, lasting: 600)], counterpartyToldRecordingStarted: true)
        let emptyVideo = RecordingSession(medium: .video, segments: [], counterpartyToldRecordingStarted: true)
        let activity = F.activity(situations: [.statementDefenceHearing])

        let withAudio = check(activity, ActivityEvidence(sessions: [audio], documents: [F.inspectionRecord()], mediaKinds: [.audio]))
        let withEmpty = check(activity, ActivityEvidence(sessions: [emptyVideo], documents: [F.inspectionRecord()]))

        #expect(withAudio.map(\.kind) == [.mandatoryVideoMissing])
        #expect(withEmpty.map(\.kind) == [.mandatoryVideoMissing, .recordingSessionInvalid])
    }

    @Test("SPEC R5: video records not arranged into a session are still missing, with a hint saying so")
    func videoWithoutSessionHint() throws {
        let evidence = ActivityEvidence(documents: [F.inspectionRecord()], mediaKinds: [.video])

        let finding = try #require(check(F.activity(situations: [.majorHazardOnSiteDecision]), evidence).first)

        #expect(finding.kind == .mandatoryVideoMissing)
        #expect(finding.fixHint?.contains("录制会话") == true)
    }

    @Test("SPEC R6: optional situations without video give no finding")
    func optionalSituationsNeedNoVideo() {
        var activity = F.activity(kind: .inspection)
        activity.optionalSituations = Set(OptionalRecordingSituation.allCases)

        #expect(check(activity, F.textOnlyEvidence()) == [])
    }

    // MARK: - SPEC R7 continuity and notice

    func gappedVideo(_ interruptions: [InterruptionExplanation] = [], told: Bool = true) -> RecordingSession {
        RecordingSession(
            // The last segment runs to the act's end, so the whole act is covered (SPEC R5).
            id: F.sessionID, segments: [F.segment(0, lasting: 600), F.segment(900, lasting: 600), F.segment(1800, lasting: 3600)],
            counterpartyToldRecordingStarted: told, interruptions: interruptions)
    }

    func evidence(_ session: RecordingSession) -> ActivityEvidence {
        ActivityEvidence(sessions: [session], documents: [F.inspectionRecord()], mediaKinds: [.video])
    }

    @Test("SPEC R7: each unexplained gap is one finding naming the session and segment")
    func unexplainedGaps() throws {
        let findings = check(F.activity(situations: [.disputedOrDangerous]), evidence(gappedVideo()))

        #expect(findings.map(\.kind) == [.unexplainedGap, .unexplainedGap])
        #expect(findings.map(\.segmentIndex) == [0, 1])
        #expect(findings.allSatisfy { $0.sessionID == F.sessionID && $0.specID == "R7" })
        #expect(try #require(findings.first).message
            == "第1个视音频录制会话第1段与第2段之间中断5分0秒（2026年11月29日 09:10至2026年11月29日 09:15），未说明中断原因")
    }

    @Test("SPEC R7: gaps explained in the recording and in writing give no finding")
    func explainedGaps() {
        let session = gappedVideo([
            InterruptionExplanation(afterSegment: 0, reason: .batteryOrStorage, text: "更换电池", evidence: .statedInRecording(at: 5)),
            InterruptionExplanation(afterSegment: 1, reason: .equipmentFailure, text: "记录仪死机",
                                    evidence: .writtenStatement(recordID: UUID())),
        ])

        #expect(check(F.activity(situations: [.disputedOrDangerous]), evidence(session)) == [])
    }

    @Test("SPEC R7: one gap explained, the other not, gives one finding at the right gap",
          arguments: [
              InterruptionExplanation.Evidence.statedInRecording(at: 30),
              .writtenStatement(recordID: UUID(uuidString: "00000000-0000-0000-0000-00000000e001")!),
          ])
    func oneOfTwoExplained(evidenceKind: InterruptionExplanation.Evidence) {
        let session = gappedVideo([
            InterruptionExplanation(afterSegment: 1, reason: .badWeather, text: "暴雨", evidence: evidenceKind),
        ])

        let findings = check(F.activity(), evidence(session))

        #expect(findings.map(\.kind) == [.unexplainedGap])
        #expect(findings.map(\.segmentIndex) == [0])
    }

    @Test("SPEC R7: a session without the start-of-recording notice is a finding")
    func noStartNotice() throws {
        var session = F.continuousVideo()
        session.counterpartyToldRecordingStarted = false

        let findings = check(F.activity(situations: [.coerciveMeasureOrEvidencePreservation]), evidence(session))

        #expect(findings.map(\.kind) == [.noStartNotice])
        #expect(findings.first?.specID == "R7")
        #expect(findings.first?.sessionID == F.sessionID)
        #expect(findings.first?.message == "第1个视音频录制会话未记录开始录制时已告知行政相对人")
    }

    @Test("SPEC R7: the notice and gap rules apply to audio too")
    func audioFollowsSameRules() {
        var audio = gappedVideo(told: false)
        audio.medium = .audio

        let findings = check(F.activity(), ActivityEvidence(sessions: [audio], documents: [F.inspectionRecord()]))

        #expect(findings.map(\.kind) == [.unexplainedGap, .unexplainedGap, .noStartNotice])
        #expect(findings.last?.message == "第1个音频录制会话未记录开始录制时已告知行政相对人")
    }

    @Test("SPEC R7: overlapping segments are a finding")
    func overlappingSegments() {
        let session = RecordingSession(
            id: F.sessionID, segments: [F.segment(0, lasting: 600), F.segment(300, lasting: 5100)],
            counterpartyToldRecordingStarted: true)

        let findings = check(F.activity(situations: [.disputedOrDangerous]), evidence(session))

        #expect(findings.map(\.kind) == [.recordingSessionInvalid])
        #expect(findings.first?.message == "第1个视音频录制会话：第2段录像与第1段时间重叠")
    }

    // MARK: - SPEC P6 officers and certificates

    @Test("SPEC P6: one officer on site is too few certified officers")
    func oneOfficer() throws {
        let findings = check(F.activity(officers: [F.zhang]), F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.tooFewCertifiedOfficers])
        #expect(try #require(findings.first).message == "现场执法须有至少两名持2026年11月29日有效执法证的执法人员，本次仅1名")
        #expect(findings.first?.specID == "P6")
    }

    @Test("SPEC P6: an expired certificate, or one starting tomorrow, does not count",
          arguments: [RecordingFixtures.wangExpired, RecordingFixtures.zhaoTomorrow, RecordingFixtures.qianNone])
    func uncertifiedOfficer(officer: Officer) throws {
        let findings = check(F.activity(officers: [F.zhang, officer]), F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.tooFewCertifiedOfficers])
        #expect(try #require(findings.first).message
            == "现场执法须有至少两名持2026年11月29日有效执法证的执法人员，本次仅1名；\(officer.name)没有当日有效的执法证")
    }

    @Test("SPEC P6: three officers of whom two are certified is enough")
    func twoOfThreeCertified() {
        #expect(check(F.activity(officers: [F.zhang, F.wangExpired, F.li]), F.textOnlyEvidence()) == [])
    }

    @Test("SPEC P6: an unknown officer is not a certified one")
    func unknownOfficer() throws {
        var activity = F.activity(officers: [F.zhang])
        let stranger = UUID(uuidString: "00000000-0000-0000-0000-0000000000ff")!
        activity.officerIDs.append(stranger)
        activity.checklist.certificatesShownBy.append(stranger)

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.tooFewCertifiedOfficers])
        #expect(try #require(findings.first).message.hasSuffix("执法人员（编号 00000000-0000-0000-0000-0000000000ff）不存在"))
    }

    @Test("SPEC P6: an officer whose certificate showing is not recorded is a finding naming them")
    func certificateNotShown() {
        var activity = F.activity()
        activity.checklist.certificatesShownBy = [F.zhang.id]

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.map(\.kind) == [.certificatesNotShown])
        #expect(findings.first?.officerID == F.li.id)
        #expect(findings.first?.message == "未记录执法人员李四出示执法证件")
    }

    @Test("SPEC P6: acts not on site are not held to the on-site checks")
    func offSiteActSkipsP6() {
        var activity = F.activity(officers: [F.wangExpired], isOnSite: false)
        activity.checklist = DisclosureChecklist()

        #expect(check(activity, F.textOnlyEvidence()) == [])
    }

    // MARK: - SPEC P6 rights matrix

    static let allItems: [DisclosureChecklist.Item] =
        [.reason, .legalBasis] + DisclosureChecklist.Right.allCases.map { .right($0) } + [.dutyToCooperate]

    /// The matrix the bureau's rule sets: every act is told reason, legal basis and duty; penalty
    /// and coercion also all four rights.
    static func isRequired(_ item: DisclosureChecklist.Item, for kind: EnforcementKind) -> Bool {
        switch item {
        case .reason, .legalBasis, .dutyToCooperate: true
        case .right: kind == .penalty || kind == .coercion
        }
    }

    static let matrix: [(EnforcementKind, DisclosureChecklist.Item)] =
        EnforcementKind.allCases.flatMap { kind in allItems.map { (kind, $0) } }

    @Test("SPEC P6: leaving out one item is a finding exactly when the kind requires it", arguments: matrix)
    func rightsMatrix(kind: EnforcementKind, item: DisclosureChecklist.Item) {
        var activity = F.activity(kind: kind)
        switch item {
        case .reason: activity.checklist.reasonTold = false
        case .legalBasis: activity.checklist.legalBasisTold = false
        case .right(let right): activity.checklist.rightsTold.remove(right)
        case .dutyToCooperate: activity.checklist.dutyToCooperateTold = false
        }

        let findings = check(activity, F.textOnlyEvidence())

        if Self.isRequired(item, for: kind) {
            #expect(findings.map(\.kind) == [.rightsNotTold])
            #expect(findings.first?.disclosureItem == item)
            #expect(findings.first?.specID == "P6")
            #expect(findings.first?.message == "未记录已告知行政相对人\(item.chineseName)（\(kind.chineseName)）")
        } else {
            #expect(findings == [])
        }
    }

    @Test("SPEC P6: nothing told gives one finding per required item, in the bureau's order",
          arguments: EnforcementKind.allCases)
    func nothingTold(kind: EnforcementKind) {
        var activity = F.activity(kind: kind)
        activity.checklist = DisclosureChecklist(certificatesShownBy: activity.officerIDs)

        let findings = check(activity, F.textOnlyEvidence())

        #expect(findings.compactMap(\.disclosureItem) == Self.allItems.filter { Self.isRequired($0, for: kind) })
        #expect(findings.allSatisfy { $0.kind == .rightsNotTold })
        #expect(findings.count == (kind == .penalty || kind == .coercion ? 7 : 3))
    }

    // MARK: - SPEC R4 text records

    @Test("SPEC R4: each empty required field of a document is one finding", arguments: DocumentTemplate.all)
    func requiredFieldsEmpty(template: DocumentTemplate) {
        var values = F.completeValues(template)
        let emptied = template.requiredFields.prefix(2).map(\.key)
        for key in emptied { values[key] = " " }
        let recordID = UUID()

        // Only R4: the act's checklist names a 现场检查记录 this evidence lacks (a P6 finding).
        let findings = check(F.activity(), ActivityEvidence(documents: [.init(templateID: template.id, values: values, recordID: recordID)]))
            .filter { $0.specID == "R4" }

        #expect(findings.map(\.kind) == [.requiredFieldEmpty, .requiredFieldEmpty])
        #expect(findings.map(\.fieldKey) == emptied)
        #expect(findings.allSatisfy { $0.templateID == template.id && $0.recordID == recordID && $0.specID == "R4" })
        #expect(findings.first?.message == "《\(template.title)》：“\(template.requiredFields[0].label)”为必填项，不能为空")
    }

    @Test("SPEC R4: malformed values and unknown templates are document-invalid findings")
    func invalidDocuments() {
        var values = F.completeValues(.penaltyDecision)
        values["fineAmount"] = "两万"
        let evidence = ActivityEvidence(documents: [
            .init(templateID: "penalty-decision", values: values),
            .init(templateID: "made-up-form", values: [:]),
        ])

        let findings = check(F.activity(kind: .penalty), evidence).filter { $0.specID == "R4" }

        #expect(findings.map(\.kind) == [.documentInvalid, .documentInvalid])
        #expect(findings.map(\.fieldKey) == ["fineAmount", nil])
        #expect(findings.last?.message == "文书式样“made-up-form”不存在，无法核对")
    }

    @Test("SPEC R4: an act with no text record at all is a finding; a scanned paper record counts")
    func textRecordMissing() {
        let video = ActivityEvidence(sessions: [F.continuousVideo()], mediaKinds: [.video])
        var withPaper = video
        withPaper.scannedPaperRecords = 1

        #expect(check(F.activity(), video).map(\.kind) == [.textRecordMissing])
        #expect(check(F.activity(), withPaper) == [])
    }

    // MARK: - Order and form

    @Test("SPEC R14: findings come in kind order and are the same however the input is ordered")
    func deterministicOrder() {
        var activity = F.activity(situations: [.inquiryAfterFiling, .disputedOrDangerous], officers: [F.zhang])
        activity.checklist.reasonTold = false
        var session = gappedVideo(told: false)
        session.medium = .audio
        let evidence = ActivityEvidence(sessions: [session])

        let first = check(activity, evidence)
        var reordered = activity
        reordered.situations = [.disputedOrDangerous, .inquiryAfterFiling]
        let second = check(reordered, evidence)

        #expect(first == second)
        #expect(first.map(\.kind) == [
            .mandatoryVideoMissing, .mandatoryVideoMissing, .unexplainedGap, .unexplainedGap, .noStartNotice,
            .tooFewCertifiedOfficers, .rightsNotTold, .textRecordMissing,
        ])
        #expect(first.map(\.kind.order) == first.map(\.kind.order).sorted())
    }

    @Test("SPEC R14: finding kinds have stable slugs and SPEC ids")
    func kindSlugs() {
        #expect(ComplianceFinding.Kind.allCases.map(\.rawValue) == [
            "mandatory-video-missing", "coverage-incomplete", "exemption-without-reason", "unexplained-gap", "no-start-notice",
            "recording-session-invalid", "too-few-certified-officers", "certificates-not-shown", "rights-not-told",
            "documents-issued-not-recorded", "issued-document-not-found", "device-not-named", "device-not-assigned",
            "text-record-missing", "required-field-empty", "document-invalid",
        ])
        #expect(ComplianceFinding.Kind.allCases.map(\.specID)
            == ["R5", "R5", "R7", "R7", "R7", "R7", "P6", "P6", "P6", "P6", "P6", "R8", "R8", "R4", "R4", "R4"])
        #expect(Set(ComplianceFinding.Kind.allCases.map(\.chineseName)).count == ComplianceFinding.Kind.allCases.count)
    }

    @Test("SPEC R14: a finding encodes with its slug, SPEC id and subject")
    func findingJSON() throws {
        let finding = try #require(check(F.activity(situations: [.statementDefenceHearing]), F.textOnlyEvidence()).first)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys

        let text = String(decoding: try encoder.encode(finding), as: UTF8.self)

        #expect(text.contains(#""kind":"mandatory-video-missing""#))
        #expect(text.contains(#""specID":"R5""#))
        #expect(text.contains(#""situation":"statement-defence-hearing""#))
        #expect(try JSONDecoder().decode(ComplianceFinding.self, from: encoder.encode(finding)) == finding)
    }
}
