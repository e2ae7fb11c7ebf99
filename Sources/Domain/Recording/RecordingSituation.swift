import Foundation

/// A situation that must be recorded on audio/video from start to end (应当全程音视频记录的情形,
/// SPEC R5). Each case carries its item number in the bureau's list, so a finding can cite
/// "SPEC R5 (三)" exactly.
///
/// Stored and exported as a string: the slug of items (1)–(7), or `bureau-defined:<name>` for a
/// situation the bureau added under item (8) (`init?(slug:)` reads both back).
public enum RecordingSituation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// (一) 采用告知承诺方式取得行政许可后的检查.
    case checkAfterNotificationCommitmentLicence
    /// (二) 可能有争议、纠纷或危险性较大的行政执法活动.
    case disputedOrDangerous
    /// (三) 实施行政强制措施、证据先行登记保存.
    case coerciveMeasureOrEvidencePreservation
    /// (四) 对发现的重大事故隐患采取现场处理措施决定.
    case majorHazardOnSiteDecision
    /// (五) 立案后对相关行政相对人制作询问笔录.
    case inquiryAfterFiling
    /// (六) 陈述、申辩、听证.
    case statementDefenceHearing
    /// (七) 留置送达或公告送达等送达方式.
    case serviceByLeavingOrAnnouncement
    /// (八) 应当全过程音视频记录的其他情形: a situation the bureau adds, by its Chinese name.
    case bureauDefined(String)

    /// Items (1)–(7), in the order of the bureau's text.
    public static let listed: [RecordingSituation] = [
        .checkAfterNotificationCommitmentLicence, .disputedOrDangerous,
        .coerciveMeasureOrEvidencePreservation, .majorHazardOnSiteDecision, .inquiryAfterFiling,
        .statementDefenceHearing, .serviceByLeavingOrAnnouncement,
    ]

    /// The item number in SPEC R5 (1–8).
    public var item: Int {
        switch self {
        case .checkAfterNotificationCommitmentLicence: 1
        case .disputedOrDangerous: 2
        case .coerciveMeasureOrEvidencePreservation: 3
        case .majorHazardOnSiteDecision: 4
        case .inquiryAfterFiling: 5
        case .statementDefenceHearing: 6
        case .serviceByLeavingOrAnnouncement: 7
        case .bureauDefined: 8
        }
    }

    /// The item number as the bureau's text writes it: `（三）`.
    public var chineseItem: String {
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八"]
        return "（\(numerals[item - 1])）"
    }

    public var chineseName: String {
        switch self {
        case .checkAfterNotificationCommitmentLicence: "告知承诺审批后的检查"
        case .disputedOrDangerous: "可能引发争议或存在危险的执法活动"
        case .coerciveMeasureOrEvidencePreservation: "行政强制措施及证据先行登记保存"
        case .majorHazardOnSiteDecision: "重大事故隐患现场处理决定"
        case .inquiryAfterFiling: "立案后的询问笔录"
        case .statementDefenceHearing: "陈述、申辩、听证"
        case .serviceByLeavingOrAnnouncement: "留置送达、公告送达"
        case .bureauDefined(let name): name
        }
    }

    /// The stable slug stored and exported.
    public var slug: String {
        switch self {
        case .checkAfterNotificationCommitmentLicence: "check-after-commitment-licence"
        case .disputedOrDangerous: "disputed-or-dangerous"
        case .coerciveMeasureOrEvidencePreservation: "coercive-measure-or-evidence-preservation"
        case .majorHazardOnSiteDecision: "major-hazard-on-site-decision"
        case .inquiryAfterFiling: "inquiry-after-filing"
        case .statementDefenceHearing: "statement-defence-hearing"
        case .serviceByLeavingOrAnnouncement: "service-by-leaving-or-announcement"
        case .bureauDefined(let name): Self.bureauDefinedPrefix + name
        }
    }

    static let bureauDefinedPrefix = "bureau-defined:"

    /// Reads a slug back; nil for text that is no slug.
    public init?(slug: String) {
        if slug.hasPrefix(Self.bureauDefinedPrefix) {
            self = .bureauDefined(String(slug.dropFirst(Self.bureauDefinedPrefix.count)))
            return
        }
        guard let listed = Self.listed.first(where: { $0.slug == slug }) else { return nil }
        self = listed
    }

    /// `SPEC R5（三）行政强制措施及证据先行登记保存`, for messages.
    public var description: String { "SPEC R5\(chineseItem)\(chineseName)" }

    /// By item number, then bureau-defined situations by name: the order of the bureau's list.
    public static func < (lhs: RecordingSituation, rhs: RecordingSituation) -> Bool {
        if lhs.item != rhs.item { return lhs.item < rhs.item }
        return lhs.chineseName < rhs.chineseName
    }
}

extension RecordingSituation: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let situation = RecordingSituation(slug: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a recording situation: \(text)")
        }
        self = situation
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(slug)
    }
}
