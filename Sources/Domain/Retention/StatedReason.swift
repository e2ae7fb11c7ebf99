import Foundation

/// The reason every retention step states — setting or clearing a fact, a hold and its release, an
/// appraisal, a refused disposal (SPEC R10, X3): trimmed, required, at most 500 characters. One rule,
/// so every form of the archive desk refuses the same text the same way.
public enum StatedReason {
    public static let limit = 500

    public enum Problem: Error, Equatable {
        case missing
        case tooLong(limit: Int)
    }

    /// The trimmed reason, or why it cannot be taken.
    public static func check(_ text: String?) -> Result<String, Problem> {
        let reason = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { return .failure(.missing) }
        if reason.count > limit { return .failure(.tooLong(limit: limit)) }
        return .success(reason)
    }
}
