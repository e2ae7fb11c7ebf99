import Domain
import Foundation
import Testing

// SPEC R7: one act is recorded continuously; every interruption is explained in the recording or,
// failing that, in a written statement afterwards; the counterparty is told when recording starts.
@Suite struct RecordingSessionTests {
    typealias F = RecordingFixtures

    /// Three segments: 0–600 s, 603–1200 s (a 3 s file split), 1500–1800 s (a 300 s gap).
    func threeSegments(interruptions: [InterruptionExplanation] = []) -> RecordingSession {
        RecordingSession(
            segments: [F.segment(0, lasting: 600), F.segment(603, lasting: 597), F.segment(1500, lasting: 300)],
            counterpartyToldRecordingStarted: true, interruptions: interruptions)
    }

    @Test("SPEC R7: spaces within the tolerance are file splits, longer ones are gaps")
    func gapsRespectTolerance() {
        let session = threeSegments()

        let gaps = session.gaps()

        #expect(gaps.map(\.afterSegment) == [1])
        #expect(gaps.first?.duration == 300)
        #expect(gaps.first?.start == F.start.addingTimeInterval(1200))
        #expect(gaps.first?.end == F.start.addingTimeInterval(1500))
        #expect(session.gaps(tolerance: 2).map(\.afterSegment) == [0, 1])
        #expect(session.gaps(tolerance: 300).isEmpty)
    }

    @Test("SPEC R7: a space of exactly the tolerance is not a gap")
    func gapExactlyAtTolerance() {
        let session = RecordingSession(
            segments: [F.segment(0, lasting: 60), F.segment(65, lasting: 60)], counterpartyToldRecordingStarted: true)

        #expect(session.gaps().isEmpty)
        #expect(session.gaps(tolerance: 4.9).count == 1)
    }

    @Test("SPEC R7: a gap without explanation is unexplained")
    func unexplainedGap() {
        #expect(threeSegments().unexplainedGaps().map(\.afterSegment) == [1])
    }

    @Test("SPEC R7: a gap explained in the recording at hh:mm:ss is explained")
    func gapExplainedInRecording() throws {
        let session = threeSegments(interruptions: [
            InterruptionExplanation(afterSegment: 1, reason: .batteryOrStorage, text: "执法记录仪电量不足，更换电池",
                                    evidence: .statedInRecording(at: 12)),
        ])

        #expect(session.unexplainedGaps().isEmpty)
        #expect(session.problems().isEmpty)
        #expect(try #require(session.explanation(forGapAfter: 1)).evidence.chineseDescription == "已在录像 00:00:12 处说明")
    }

    @Test("SPEC R7: a gap explained in a written statement afterwards is explained")
    func gapExplainedInWriting() {
        let statement = UUID(uuidString: "00000000-0000-0000-0000-00000000e001")!
        let session = threeSegments(interruptions: [
            InterruptionExplanation(afterSegment: 1, reason: .equipmentFailure, text: "记录仪进水损坏",
                                    evidence: .writtenStatement(recordID: statement)),
        ])

        #expect(session.unexplainedGaps().isEmpty)
        #expect(session.problems().isEmpty)
        #expect(session.interruptions[0].evidence.chineseDescription
            == "已事后书面说明（记录 00000000-0000-0000-0000-00000000e001）")
    }

    @Test("SPEC R7: an explanation of another gap leaves this one unexplained")
    func explanationOfOtherGap() {
        let session = threeSegments(interruptions: [
            InterruptionExplanation(afterSegment: 0, reason: .badWeather, text: "暴雨", evidence: .statedInRecording(at: 1)),
        ])

        #expect(session.unexplainedGaps().map(\.afterSegment) == [1])
    }

    @Test("SPEC R7: overlapping and out-of-order segments are refused, and give no gap")
    func overlapAndDisorderRefused() {
        let overlapping = RecordingSession(
            segments: [F.segment(0, lasting: 600), F.segment(500, lasting: 600)], counterpartyToldRecordingStarted: true)
        let disordered = RecordingSession(
            segments: [F.segment(1000, lasting: 60), F.segment(0, lasting: 60)], counterpartyToldRecordingStarted: true)
        let backwards = RecordingSession(
            segments: [RecordingSession.Segment(recordID: UUID(), start: F.end, end: F.start)],
            counterpartyToldRecordingStarted: true)

        #expect(overlapping.problems() == [.segmentsOverlap(index: 1)])
        #expect(overlapping.gaps().isEmpty)
        #expect(disordered.problems() == [.segmentsOutOfOrder(index: 1)])
        #expect(disordered.gaps().isEmpty)
        #expect(backwards.problems() == [.segmentEndsBeforeStart(index: 0)])
        #expect(RecordingSession(segments: [], counterpartyToldRecordingStarted: true).problems() == [.noSegments])
        #expect(throws: RecordingSessionError.segmentsOverlap(index: 1)) { try overlapping.validate() }
        #expect(RecordingSessionError.segmentsOverlap(index: 1).description == "第2段录像与第1段时间重叠")
    }

    @Test("SPEC R7: explanations must fit the session")
    func explanationsMustFit() {
        let session = threeSegments(interruptions: [
            InterruptionExplanation(afterSegment: 2, reason: .badWeather, text: "暴雨", evidence: .statedInRecording(at: 1)),
            InterruptionExplanation(afterSegment: 1, reason: .other, text: " ", evidence: .statedInRecording(at: 301)),
            InterruptionExplanation(afterSegment: 1, reason: .badWeather, text: "暴雨", evidence: .statedInRecording(at: 2)),
        ])

        #expect(session.problems() == [
            .explanationTextMissing(afterSegment: 1),
            .statementOutsideRecording(afterSegment: 1, at: 301),
            .duplicateExplanation(afterSegment: 1),
            .explanationWithoutGap(afterSegment: 2),
        ])
        #expect(RecordingSessionError.statementOutsideRecording(afterSegment: 1, at: 301).description
            == "第2段之后的中断说明称在录像 00:05:01 处说明，但第3段录像没有这一时刻")
    }

    @Test("SPEC R7: offsets show and read as hh:mm:ss", arguments: [
        (0.0, "00:00:00"), (725.9, "00:12:05"), (3600, "01:00:00"), (36_061, "10:01:01"), (360_000, "100:00:00"),
    ])
    func clock(seconds: Double, text: String) {
        #expect(InterruptionExplanation.Evidence.clock(seconds) == text)
        #expect(InterruptionExplanation.Evidence.seconds(fromClock: text) == seconds.rounded(.down))
    }

    @Test("SPEC R7: malformed clock text is refused")
    func clockParsingRefuses() {
        #expect(InterruptionExplanation.Evidence.seconds(fromClock: "12:05") == 725)
        for bad in ["", "12", "1:60:00", "00:00:60", "a:00:00", "00::00", "-1:00:00", "1:2:3:4"] {
            #expect(InterruptionExplanation.Evidence.seconds(fromClock: bad) == nil, "\(bad)")
        }
    }

    @Test("SPEC R7: interruption reasons keep their slugs and the rule's wording")
    func interruptionReasons() {
        #expect(InterruptionReason.allCases.map(\.rawValue) == ["equipment-failure", "bad-weather", "battery-or-storage", "other"])
        #expect(InterruptionReason.allCases.map(\.chineseName) == ["设备故障或损坏", "天气恶劣", "电量或存储空间不足", "其他"])
    }

    @Test("SPEC R7: a session round-trips through JSON with readable evidence")
    func codable() throws {
        let recordID = UUID(uuidString: "00000000-0000-0000-0000-00000000e001")!
        let session = threeSegments(interruptions: [
            InterruptionExplanation(afterSegment: 1, reason: .other, text: "当事人要求暂停", evidence: .statedInRecording(at: 12)),
            InterruptionExplanation(afterSegment: 0, reason: .equipmentFailure, text: "死机",
                                    evidence: .writtenStatement(recordID: recordID)),
        ])

        let data = try JSONEncoder().encode(session)
        let text = String(decoding: data, as: UTF8.self)

        #expect(try JSONDecoder().decode(RecordingSession.self, from: data) == session)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(session.interruptions[0].evidence), as: UTF8.self)
            == #"{"at":12,"kind":"stated-in-recording"}"#)
        #expect(String(decoding: try encoder.encode(session.interruptions[1].evidence), as: UTF8.self)
            == #"{"kind":"written-statement","recordID":"00000000-0000-0000-0000-00000000E001"}"#)
        #expect(text.contains(#""medium":"video""#))
    }
}
