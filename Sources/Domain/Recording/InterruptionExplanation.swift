import Foundation

/// The explanation of one interruption of a recording (SPEC R7).
///
/// SPEC R7: the reason of an interruption is stated in the recording itself; where that was
/// impossible for an objective reason, in a written statement afterwards. `evidence` says which,
/// and where to find it.
public struct InterruptionExplanation: Hashable, Sendable, Codable {
    /// Where the explanation can be seen or read.
    public enum Evidence: Hashable, Sendable {
        /// Stated on camera, `at` seconds from the start of the segment that resumes after the gap
        /// (segment `afterSegment + 1`): that is where officers say why recording stopped.
        case statedInRecording(at: TimeInterval)
        /// A written statement (事后书面说明), itself a text record, with its record id.
        case writtenStatement(recordID: UUID)

        /// Chinese, e.g. `已在录像 00:12:05 处说明` or `已事后书面说明（记录 …）`.
        public var chineseDescription: String {
            switch self {
            case .statedInRecording(let offset):
                "已在录像 \(Self.clock(offset)) 处说明"
            case .writtenStatement(let recordID):
                "已事后书面说明（记录 \(recordID.uuidString.lowercased())）"
            }
        }

        /// `hh:mm:ss`, whole seconds, at least two digits of hours.
        public static func clock(_ seconds: TimeInterval) -> String {
            let whole = max(0, Int(seconds.rounded(.down)))
            return ShanghaiTime.twoDigits(whole / 3600) + ":" + ShanghaiTime.twoDigits(whole % 3600 / 60)
                + ":" + ShanghaiTime.twoDigits(whole % 60)
        }

        /// Reads `hh:mm:ss` (or `mm:ss`) back into seconds; nil for anything else.
        public static func seconds(fromClock text: String) -> TimeInterval? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(parts.count),
                  parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { return nil }
            let numbers = parts.map { Int($0)! }
            // Minutes and seconds below 60; the leading field (hours, or minutes in mm:ss) is free.
            guard numbers.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
            return TimeInterval(numbers.reduce(0) { $0 * 60 + $1 })
        }
    }

    /// The index of the segment the gap follows: this explains the gap between segment
    /// `afterSegment` and `afterSegment + 1`.
    public var afterSegment: Int
    public var reason: InterruptionReason
    /// What happened, in the officer's words (required when the reason is `.other`).
    public var text: String
    public var evidence: Evidence

    public init(afterSegment: Int, reason: InterruptionReason, text: String, evidence: Evidence) {
        self.afterSegment = afterSegment
        self.reason = reason
        self.text = text
        self.evidence = evidence
    }
}

/// JSON: `{"kind": "stated-in-recording", "at": 725}` or
/// `{"kind": "written-statement", "recordID": "…"}`.
extension InterruptionExplanation.Evidence: Codable {
    private enum CodingKeys: String, CodingKey { case kind, at, recordID }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "stated-in-recording":
            self = .statedInRecording(at: try container.decode(TimeInterval.self, forKey: .at))
        case "written-statement":
            self = .writtenStatement(recordID: try container.decode(UUID.self, forKey: .recordID))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "not an interruption evidence kind: \(other)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .statedInRecording(let offset):
            try container.encode("stated-in-recording", forKey: .kind)
            try container.encode(offset, forKey: .at)
        case .writtenStatement(let recordID):
            try container.encode("written-statement", forKey: .kind)
            try container.encode(recordID, forKey: .recordID)
        }
    }
}
