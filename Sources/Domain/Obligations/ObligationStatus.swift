import Foundation

/// One obligation as lists show it (SPEC X2): its state and the working days left as of a day.
public struct ObligationStatus: Hashable, Sendable, Codable {
    public let obligation: Obligation
    /// `open`, `met` or `overdue`.
    public let state: String
    public let stateName: String
    public let dueDescription: String
    /// Working days from `today` to the due day (negative when overdue); nil when unknown or met.
    public let workdaysLeft: Int?

    public init(_ obligation: Obligation, today: CivilDate, calendar: StatutoryCalendar) {
        let state = obligation.state(on: today)
        self.state = switch state {
        case .open: "open"
        case .met: "met"
        case .overdue: "overdue"
        }
        var name = state.chineseName
        if case .met(let day) = state { name += "（\(day.chinese)）" }
        self.obligation = obligation
        stateName = name
        dueDescription = obligation.due.chineseDescription
        workdaysLeft = obligation.metOn == nil ? obligation.due.date.flatMap { try? calendar.workdaysBetween(today, $0) } : nil
    }
}
