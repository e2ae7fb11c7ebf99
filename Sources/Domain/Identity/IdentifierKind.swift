import Foundation

/// Which of the two identifiers of SPEC X4 a code is (or claims to be).
///
/// The raw values are stable names for machine output — the CLI prints `valid: uscc` or
/// `valid: resident-id`, and exports may store them — so they must never be renamed.
public enum IdentifierKind: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// 统一社会信用代码 (GB 32100-2015): identifies a legal person or other organisation.
    case uscc = "uscc"
    /// 居民身份证号 (GB 11643-1999): identifies a natural person, so it is masked when published.
    case residentID = "resident-id"

    /// The kind each counterparty must carry (SPEC X4): a legal person is identified by its USCC,
    /// a natural person by the resident ID number. Lets callers validate against the expected
    /// kind instead of guessing it from the text.
    public init(for counterpartyKind: Counterparty.Kind) {
        switch counterpartyKind {
        case .legalPerson: self = .uscc
        case .naturalPerson: self = .residentID
        }
    }

    /// The stable machine name: `uscc` or `resident-id`.
    public var name: String { rawValue }

    /// The name people read: 统一社会信用代码 / 居民身份证号.
    public var chineseName: String {
        switch self {
        case .uscc: "统一社会信用代码"
        case .residentID: "居民身份证号"
        }
    }

    public var description: String { rawValue }
}
