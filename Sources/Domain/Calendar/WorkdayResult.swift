import Foundation

/// A working-day deadline that may rest on an estimate (SPEC X1).
///
/// Returned only by the `…AllowingEstimate` calls, for callers that would rather show a flagged
/// provisional date than nothing (for example a deadline running into a year whose notice is not yet
/// published). Days in `estimatedYears` were counted as Monday–Friday working, weekends off, plus any
/// adjusted days already known from a loaded notice.
public struct WorkdayResult: Hashable, Sendable, Codable {
    public let date: CivilDate
    /// Years whose State Council notice was missing for at least one day counted, ascending.
    public let estimatedYears: [Int]

    /// True when any counted day came from an estimate: the date must be shown as provisional.
    public var isEstimate: Bool { !estimatedYears.isEmpty }

    public init(date: CivilDate, estimatedYears: [Int]) {
        self.date = date
        self.estimatedYears = estimatedYears
    }

    private enum CodingKeys: String, CodingKey { case date, isEstimate, estimatedYears }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        date = try container.decode(CivilDate.self, forKey: .date)
        estimatedYears = try container.decodeIfPresent([Int].self, forKey: .estimatedYears) ?? []
    }

    /// Encodes `isEstimate` too, so that a JSON client need not derive the flag.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(isEstimate, forKey: .isEstimate)
        try container.encode(estimatedYears, forKey: .estimatedYears)
    }
}
