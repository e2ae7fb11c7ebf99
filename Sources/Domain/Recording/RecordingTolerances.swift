import Foundation

/// The two tolerances recording compliance judges with (SPEC R5, R7): how long a space between
/// segments may be before it is an interruption, and how much of an act's time may go unrecorded
/// before full recording (全程) counts as incomplete. The defaults are `RecordingSession`'s; an
/// operator may set the coverage tolerance (`LAWTRAIL_RECORDING_COVERAGE_TOLERANCE_SECONDS`).
public struct RecordingTolerances: Hashable, Sendable {
    public var gap: TimeInterval
    public var coverage: TimeInterval

    public init(gap: TimeInterval = RecordingSession.defaultGapTolerance,
                coverage: TimeInterval = RecordingSession.defaultCoverageTolerance) {
        self.gap = gap
        self.coverage = coverage
    }

    public static let standard = RecordingTolerances()

    /// The largest coverage tolerance a setting may ask for: more than an hour would let most of
    /// an act go unrecorded without a finding.
    public static let maximumCoverage: TimeInterval = 3600
}
