import Foundation

/// Why a recording session does not hold together (SPEC R7: one act is recorded continuously).
///
/// Segment indexes are 0-based in data and 1-based in the Chinese `description` (第1段), the way
/// people count. Overlapping or out-of-order segments mean the capture times are wrong or the
/// material is not what it claims to be; either way the continuity of the act cannot be judged.
public enum RecordingSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A session with no segment.
    case noSegments
    /// Segment `index` ends before it starts.
    case segmentEndsBeforeStart(index: Int)
    /// Segment `index` starts before segment `index - 1` starts.
    case segmentsOutOfOrder(index: Int)
    /// Segment `index` starts before segment `index - 1` ends.
    case segmentsOverlap(index: Int)
    /// An explanation for a gap after a segment that has no successor.
    case explanationWithoutGap(afterSegment: Int)
    /// Two explanations for the same gap.
    case duplicateExplanation(afterSegment: Int)
    /// An explanation whose reason is `.other` with no text saying what it was.
    case explanationTextMissing(afterSegment: Int)
    /// A "stated in the recording at" offset outside the segment that resumes after the gap.
    case statementOutsideRecording(afterSegment: Int, at: TimeInterval)

    public var description: String {
        switch self {
        case .noSegments:
            "录制会话没有任何录像片段"
        case .segmentEndsBeforeStart(let index):
            "第\(index + 1)段录像的结束时间早于开始时间"
        case .segmentsOutOfOrder(let index):
            "第\(index + 1)段录像的开始时间早于第\(index)段，片段顺序错乱"
        case .segmentsOverlap(let index):
            "第\(index + 1)段录像与第\(index)段时间重叠"
        case .explanationWithoutGap(let after):
            "中断说明指向第\(after + 1)段之后，但其后没有录像片段"
        case .duplicateExplanation(let after):
            "第\(after + 1)段之后的中断有多份说明"
        case .explanationTextMissing(let after):
            "第\(after + 1)段之后的中断原因为“其他”，但未写明具体情况"
        case .statementOutsideRecording(let after, let offset):
            "第\(after + 1)段之后的中断说明称在录像 \(InterruptionExplanation.Evidence.clock(offset)) 处说明，"
                + "但第\(after + 2)段录像没有这一时刻"
        }
    }
}
