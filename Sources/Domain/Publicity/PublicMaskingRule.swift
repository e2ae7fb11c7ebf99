import Foundation

/// Which masking rule a publication version's public content was made with (SPEC X4; issue 12
/// items 4 and 6). A version's public content is hashed into its ledger leaf when it is stored, so
/// `lawtrail verify` and every proof must recompute it with the rule of that day; the rule is kept
/// with the version for that reason.
///
/// Versions stored before issue 12 carry no rule in their JSON and read as `exactCopies`.
public enum PublicMaskingRule: Int, Hashable, Sendable, Codable {
    /// Before issue 12: only exact copies of the registered name and ID number were replaced, and
    /// an ID number kept its first 6 and last 4 characters.
    case exactCopies = 1
    /// Issue 12: text folded before matching (case, full-width forms, separators inside a number),
    /// every ID-number-shaped run masked whether registered or not, every known natural person's
    /// name masked, and an ID number keeps its address code only.
    case normalised = 2

    /// The rule every new version is drafted under.
    public static let current: PublicMaskingRule = .normalised
}
