import Foundation

/// Where an obligation stands on a given day (SPEC X2: "state (open / met on date / overdue)").
public enum ObligationState: Hashable, Sendable, Codable {
    /// Not met, and not past its due day (or its due day is unknown).
    case open
    /// Met on this day — on time or late, see `Obligation.wasMetLate`.
    case met(on: CivilDate)
    /// Not met, and the due day has ended (a deadline is the end of its day, ARCHITECTURE "Time").
    case overdue

    public var chineseName: String {
        switch self {
        case .open: "未完成"
        case .met: "已完成"
        case .overdue: "已逾期"
        }
    }
}
