import Foundation

/// The continuous recording of one enforcement act (SPEC R7), as the ordered segments the
/// recorder produced.
///
/// SPEC R7: "视音频记录应对某一相对独立的执法活动或者项目连续记录" — an act is recorded without a
/// break; every break (a gap between segments) is explained, in the recording or in a written
/// statement afterwards; and the counterparty is told when recording starts. A body camera splits
/// long recordings into files, so consecutive segments a few seconds apart are one recording:
/// `gaps(tolerance:)` ignores spaces up to the tolerance. Photos and audio follow the same rules
/// (`medium`).
public struct RecordingSession: Hashable, Sendable, Codable, Identifiable {
    /// One continuous piece of recording: one media record and when it was captured.
    public struct Segment: Hashable, Sendable, Codable {
        public var recordID: UUID
        public var start: Date
        public var end: Date

        public init(recordID: UUID, start: Date, end: Date) {
            self.recordID = recordID
            self.start = start
            self.end = end
        }

        public var duration: TimeInterval { end.timeIntervalSince(start) }
    }

    /// A break in the recording: from the end of segment `afterSegment` to the start of the next.
    public struct Gap: Hashable, Sendable, Codable {
        public var afterSegment: Int
        public var start: Date
        public var end: Date

        public init(afterSegment: Int, start: Date, end: Date) {
            self.afterSegment = afterSegment
            self.start = start
            self.end = end
        }

        public var duration: TimeInterval { end.timeIntervalSince(start) }
    }

    /// Spaces between segments up to this many seconds are file splits, not interruptions.
    public static let defaultGapTolerance: TimeInterval = 5

    /// How much of the act's start or end, or of the time between two sessions, may go unrecorded
    /// before SPEC R5's full recording (全程) counts as incomplete. An act's start and end are
    /// entered to the minute (the forms' `datetime-local` inputs) and the recorder is switched on as
    /// the officers arrive, so up to one minute at an edge is entry precision, not a missing part.
    /// Gaps inside a session are judged by `defaultGapTolerance` and their R7 explanations instead.
    public static let defaultCoverageTolerance: TimeInterval = 60

    public var id: UUID
    public var medium: MediaKind
    /// In capture order.
    public var segments: [Segment]
    /// Whether the counterparty was told that recording started (开始视音频记录时，应告知行政相对人).
    public var counterpartyToldRecordingStarted: Bool
    public var interruptions: [InterruptionExplanation]

    public init(
        id: UUID = UUID(), medium: MediaKind = .video, segments: [Segment],
        counterpartyToldRecordingStarted: Bool, interruptions: [InterruptionExplanation] = []
    ) {
        self.id = id
        self.medium = medium
        self.segments = segments
        self.counterpartyToldRecordingStarted = counterpartyToldRecordingStarted
        self.interruptions = interruptions
    }

    /// The gaps longer than `tolerance` seconds between consecutive segments, in order.
    /// Overlapping or out-of-order segments give no gap (they are a `validate` error instead).
    public func gaps(tolerance: TimeInterval = defaultGapTolerance) -> [Gap] {
        guard segments.count > 1 else { return [] }
        return (0..<segments.count - 1).compactMap { index in
            let gap = Gap(afterSegment: index, start: segments[index].end, end: segments[index + 1].start)
            return gap.duration > tolerance ? gap : nil
        }
    }

    /// The explanation of the gap after segment `index`, if one was given.
    public func explanation(forGapAfter index: Int) -> InterruptionExplanation? {
        interruptions.first { $0.afterSegment == index }
    }

    /// The gaps with no explanation (SPEC R7, R14).
    public func unexplainedGaps(tolerance: TimeInterval = defaultGapTolerance) -> [Gap] {
        gaps(tolerance: tolerance).filter { explanation(forGapAfter: $0.afterSegment) == nil }
    }

    /// The first structural problem, if any (see `problems`).
    public func validate() throws(RecordingSessionError) {
        if let first = problems().first { throw first }
    }

    /// Every structural problem: no segments; a segment ending before it starts; segments out of
    /// order or overlapping; explanations pointing at no gap, duplicated, without text for
    /// `.other`, or stated at an offset the resuming segment does not have.
    public func problems() -> [RecordingSessionError] {
        var problems: [RecordingSessionError] = []
        if segments.isEmpty { problems.append(.noSegments) }
        for (index, segment) in segments.enumerated() {
            if segment.end < segment.start { problems.append(.segmentEndsBeforeStart(index: index)) }
            guard index > 0 else { continue }
            let previous = segments[index - 1]
            if segment.start < previous.start {
                problems.append(.segmentsOutOfOrder(index: index))
            } else if segment.start < previous.end {
                problems.append(.segmentsOverlap(index: index))
            }
        }
        var explained: Set<Int> = []
        let inGapOrder = interruptions.enumerated()
            .sorted { ($0.element.afterSegment, $0.offset) < ($1.element.afterSegment, $1.offset) }
            .map(\.element)
        for explanation in inGapOrder {
            let after = explanation.afterSegment
            guard after >= 0, after + 1 < segments.count else {
                problems.append(.explanationWithoutGap(afterSegment: after))
                continue
            }
            guard explained.insert(after).inserted else {
                problems.append(.duplicateExplanation(afterSegment: after))
                continue
            }
            if explanation.reason == .other,
               explanation.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.explanationTextMissing(afterSegment: after))
            }
            if case .statedInRecording(let offset) = explanation.evidence,
               offset < 0 || offset > segments[after + 1].duration {
                problems.append(.statementOutsideRecording(afterSegment: after, at: offset))
            }
        }
        return problems
    }
}
