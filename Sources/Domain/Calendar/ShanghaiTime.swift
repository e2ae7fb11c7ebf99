import Foundation

/// Formats instants the way people in the bureau read them: Asia/Shanghai wall-clock time in
/// Chinese form (`2026年11月29日 09:05`). Fixed UTC+8, no `Calendar`, so messages do not depend on
/// the server's time zone (ARCHITECTURE "Time").
public enum ShanghaiTime {
    public static func chinese(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        let hour = ofDay / 3600, minute = ofDay % 3600 / 60
        return CivilDate(instant).chinese + " " + twoDigits(hour) + ":" + twoDigits(minute)
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
