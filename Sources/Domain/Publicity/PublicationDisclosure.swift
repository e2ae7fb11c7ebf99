import Foundation

/// Whether a publication's content is shown, and on what legal basis (SPEC P7.1: "except what the
/// law keeps from disclosure (the exception and its basis recorded)").
///
/// Every version says one or the other, so that a decision the law keeps back is still accounted
/// for — the P7.1 duty is met by recording the exception, not by silence.
public enum PublicationDisclosure: Hashable, Sendable, Codable {
    /// Shown to the public, on this legal basis (e.g. 《行政处罚法》第四十八条).
    case publish(legalBasis: String)
    /// 依法不予公开: recorded, never shown; the basis (e.g. 《政府信息公开条例》第十四条) and why.
    case withheld(legalBasis: String, reason: String)

    public var legalBasis: String {
        switch self {
        case .publish(let basis), .withheld(let basis, _): basis
        }
    }

    public var isWithheld: Bool {
        if case .withheld = self { return true }
        return false
    }

    /// 公开 / 依法不予公开.
    public var chineseName: String {
        switch self {
        case .publish: "公开"
        case .withheld: "依法不予公开"
        }
    }
}
