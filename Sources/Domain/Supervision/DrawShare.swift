import Foundation

/// How many to draw: a fixed number, or a share of the pool in percent with at most two decimals
/// (P7.3 plans and R12 review samples are set either way). Integer arithmetic in basis points, so
/// 10 % of 30 is 3, not 4 by a rounding error.
public enum DrawSize: Hashable, Sendable {
    case count(Int)
    case basisPoints(Int)

    /// Reads "12", "12.5" or "12.50" as a percentage; nil when it is not a number with at most two
    /// decimals.
    public static func percent(_ text: String) -> DrawSize? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCII), let value = Int(parts[1]) else { return nil }
            fraction = parts[1].count == 1 ? value * 10 : value
        }
        return .basisPoints(whole * 100 + fraction)
    }

    /// The number to draw from a pool of `poolSize`: a share rounds up (a 5 % sample of 30 cases
    /// reviews 2); refuses a share outside (0, 100 %] and a count outside 1...poolSize.
    public func count(of poolSize: Int, pool: String) throws(DrawError) -> Int {
        switch self {
        case .count(let count):
            guard count >= 1, count <= poolSize else { throw .countOutOfRange(pool: pool, count: count, size: poolSize) }
            return count
        case .basisPoints(let points):
            guard points > 0, points <= 10_000 else { throw .shareOutOfRange }
            return (points * poolSize + 9_999) / 10_000
        }
    }
}
