import Foundation

/// How much of an act's time its video covers (SPEC R5 全程, R7 连续记录).
///
/// A session covers from its first segment's start to its last segment's end: the gaps inside it
/// are R7's business (explained, or each an `unexplainedGap` finding), so they are not reported a
/// second time here. What is left of the act outside every session — before the first, after the
/// last, between two sessions, or all of it when the video was taken at another time — is
/// uncovered.
public enum RecordingCoverage {
    /// A part of the act with no recording.
    public struct Span: Hashable, Sendable, Codable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }

        public var duration: TimeInterval { end.timeIntervalSince(start) }
    }

    /// The time a session spans, nil when it has no segments.
    static func span(of session: RecordingSession) -> Span? {
        guard let start = session.segments.map(\.start).min(), let end = session.segments.map(\.end).max(),
              end >= start else { return nil }
        return Span(start: start, end: end)
    }

    /// The parts of `start...end` no session spans, longer than `tolerance` seconds, in time order.
    /// An act that ends before it starts has nothing to cover.
    public static func uncovered(
        from start: Date, to end: Date, by sessions: [RecordingSession],
        tolerance: TimeInterval = RecordingSession.defaultCoverageTolerance
    ) -> [Span] {
        guard end > start else { return [] }
        let spans = sessions.compactMap(span(of:)).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var result: [Span] = []
        var cursor = start
        for span in spans {
            guard span.end > cursor else { continue }
            if span.start >= end { break }
            if span.start > cursor { result.append(Span(start: cursor, end: span.start)) }
            cursor = max(cursor, span.end)
            if cursor >= end { break }
        }
        if cursor < end { result.append(Span(start: cursor, end: end)) }
        return result.filter { $0.duration > tolerance }
    }

    /// Seconds of `start...end` some session spans.
    public static func covered(from start: Date, to end: Date, by sessions: [RecordingSession]) -> TimeInterval {
        guard end > start else { return 0 }
        let gaps = uncovered(from: start, to: end, by: sessions, tolerance: 0)
        return end.timeIntervalSince(start) - gaps.reduce(0) { $0 + $1.duration }
    }
}
