import Foundation

/// When repeated failed sign-ins lock an account or a client out (issue 6 item 1; SPEC X5):
/// 5 failures for one account within 15 minutes lock that account for 15 minutes from the last
/// failure; 20 failures from one client within 15 minutes refuse that client, whatever the account —
/// so one cannot guess passwords slowly per account nor quickly across many.
public struct SignInPolicy: Sendable, Hashable {
    public var window: TimeInterval = 15 * 60
    public var accountLimit = 5
    public var clientLimit = 20

    public init() {}

    public enum Decision: Hashable, Sendable {
        case allowed
        /// The account is locked until then.
        case accountLocked(until: Date)
        case clientBlocked
    }

    /// Whether a sign-in may be tried now, given the failures within `window` before `now`.
    public func decide(accountFailures: Int, clientFailures: Int, lastAccountFailure: Date?, now: Date) -> Decision {
        if clientFailures >= clientLimit { return .clientBlocked }
        if accountFailures >= accountLimit, let last = lastAccountFailure, now < last.addingTimeInterval(window) {
            return .accountLocked(until: last.addingTimeInterval(window))
        }
        return .allowed
    }
}
