import Foundation

/// How many correction requests the public form takes in (SPEC P9.2; issue 12 item 9): per client
/// per hour, and from everyone per day. Each request is a ledger entry and a deadline charged to a
/// named official, so a flood is stopped here; the rest are asked to call the bureau.
public struct CorrectionIntakeLimits: Sendable, Hashable {
    public var perClientPerHour: Int
    public var perDay: Int

    public init(perClientPerHour: Int, perDay: Int) {
        self.perClientPerHour = perClientPerHour
        self.perDay = perDay
    }

    public enum Refusal: Error, Equatable, Sendable {
        case clientLimit, dailyLimit
    }

    /// Why one more request may not be taken, given those already taken from this client in the
    /// last hour and from everyone today (the Asia/Shanghai day); nil when it may.
    public func refusal(fromClientInLastHour client: Int, today: Int) -> Refusal? {
        if client >= perClientPerHour { return .clientLimit }
        if today >= perDay { return .dailyLimit }
        return nil
    }
}
