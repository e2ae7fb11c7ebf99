import Foundation

/// A situation that may be recorded on audio/video as the case requires (视情音视频记录的情形,
/// SPEC R6). No finding is raised when these are not on video; they are kept so that statistics can
/// show how often officers chose to record (SPEC R12).
public enum OptionalRecordingSituation: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// (一) 与行政相对人直接接触或者直接进入其场所的行政检查.
    case onSiteInspection = "on-site-inspection"
    /// (二) 实施简易程序的行政处罚.
    case simpleProcedurePenalty = "simple-procedure-penalty"
    /// (三) 行政执法人员认为应当进行音视频记录的其他情形.
    case officerJudgement = "officer-judgement"

    /// The item number in SPEC R6 (1–3).
    public var item: Int {
        switch self {
        case .onSiteInspection: 1
        case .simpleProcedurePenalty: 2
        case .officerJudgement: 3
        }
    }

    public var chineseName: String {
        switch self {
        case .onSiteInspection: "现场检查"
        case .simpleProcedurePenalty: "简易程序行政处罚"
        case .officerJudgement: "执法人员认为有必要的"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.item < rhs.item }
}
