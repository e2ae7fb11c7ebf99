import Foundation

/// Why a record is opened (SPEC R9.2: every retrieval records "who, when, which record, why").
///
/// The kinds are the uses the recording rule gives records (全过程记录办法 第十二条: 案卷评查、执法监督、
/// 舆情应对…) plus the daily ones (案件办理, 投诉举报处理, SPEC R13). `other` must say what the purpose
/// is; every kind may carry a note (a case number, a complaint number), which is kept with the
/// retrieval log. A purpose can only be built valid: the initialisers and the decoder all check.
public struct RetrievalPurpose: Hashable, Sendable {
    /// The purpose, as a stable slug for forms, the API and the log.
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case caseHandling = "case-handling"
        case caseReview = "case-review"
        case supervision = "supervision"
        case complaintHandling = "complaint-handling"
        case publicOpinion = "public-opinion"
        case other = "other"

        public var chineseName: String {
            switch self {
            case .caseHandling: "案件办理"
            case .caseReview: "案卷评查"
            case .supervision: "执法监督"
            case .complaintHandling: "投诉举报处理"
            case .publicOpinion: "舆情应对"
            case .other: "其他"
            }
        }
    }

    /// Longest note accepted, in characters: enough for a sentence and a case number, short enough
    /// for a log line.
    public static let maximumTextLength = 500

    public let kind: Kind
    /// The note, trimmed; nil when none was given (never empty).
    public let text: String?

    /// A purpose of `kind` with an optional note. Throws when `other` has no note or the note is
    /// too long.
    public init(kind: Kind, text: String? = nil) throws(RetrievalError) {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if kind == .other, trimmed.isEmpty { throw .purposeTextRequired }
        if trimmed.count > Self.maximumTextLength { throw .purposeTextTooLong(count: trimmed.count) }
        self.kind = kind
        self.text = trimmed.isEmpty ? nil : trimmed
    }

    /// Parses what a form or the API sent: a slug (nil or blank = no purpose given) and a note.
    public init(slug: String?, text: String?) throws(RetrievalError) {
        let slug = slug?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !slug.isEmpty else { throw .purposeMissing }
        guard let kind = Kind(rawValue: slug) else { throw .purposeUnknown(slug) }
        try self.init(kind: kind, text: text)
    }

    /// As read in the retrieval log: `案件办理（沪应急罚〔2026〕12号）`, `其他：配合审计`.
    public var chineseDescription: String {
        guard let text else { return kind.chineseName }
        return kind == .other ? "其他：\(text)" : "\(kind.chineseName)（\(text)）"
    }
}

extension RetrievalPurpose: Codable {
    private enum CodingKeys: String, CodingKey { case kind, text }

    /// Decodes through the validating initialiser, so stored or posted data cannot bypass it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let slug = try container.decodeIfPresent(String.self, forKey: .kind)
        let text = try container.decodeIfPresent(String.self, forKey: .text)
        do {
            try self.init(slug: slug, text: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encodeIfPresent(text, forKey: .text)
    }
}
