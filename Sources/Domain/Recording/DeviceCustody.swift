import Foundation

/// A registered recording device and who has held it (SPEC R8: 执法记录仪等设备登记、配发).
///
/// Assignments are facts appended in order; a later one replaces the holder from its instant on.
/// `ComplianceCheck` asks whether the device that captured a media record was held by one of the
/// act's officers on the capture day.
public struct DeviceCustody: Hashable, Sendable, Codable {
    /// The device went to `officerID` at `from`.
    public struct Assignment: Hashable, Sendable, Codable {
        public var officerID: UUID
        public var from: Date

        public init(officerID: UUID, from: Date) {
            self.officerID = officerID
            self.from = from
        }
    }

    public var deviceID: UUID
    /// The device's serial number, for messages.
    public var serial: String
    public var assignments: [Assignment]

    public init(deviceID: UUID, serial: String, assignments: [Assignment] = []) {
        self.deviceID = deviceID
        self.serial = serial
        self.assignments = assignments
    }

    /// The officers who held the device at some moment of `day` (Asia/Shanghai): the holder when
    /// the day began, and everyone it was assigned to during the day. Why the whole day: a device
    /// handed over at noon may have recorded that morning under its earlier holder, and assignments
    /// are entered when the office gets to them, not to the second (SPEC R8).
    public func holders(on day: CivilDate) -> Set<UUID> {
        let dayStart = day.startInstant(), dayEnd = day.adding(days: 1).startInstant()
        let ordered = assignments.enumerated().sorted { ($0.element.from, $0.offset) < ($1.element.from, $1.offset) }
            .map(\.element)
        var holders: Set<UUID> = []
        if let atStart = ordered.last(where: { $0.from <= dayStart }) { holders.insert(atStart.officerID) }
        for assignment in ordered where assignment.from > dayStart && assignment.from < dayEnd {
            holders.insert(assignment.officerID)
        }
        return holders
    }
}
