import Foundation

/// Why a recording was interrupted — the reasons SPEC R7 names (设备出现故障或者损坏、天气情况恶劣、
/// 电量或者存储空间不足以及其他特殊情况).
public enum InterruptionReason: String, CaseIterable, Hashable, Sendable, Codable {
    case equipmentFailure = "equipment-failure"    // 设备故障或损坏
    case badWeather = "bad-weather"                // 天气恶劣
    case batteryOrStorage = "battery-or-storage"   // 电量或存储空间不足
    case other = "other"                           // 其他

    public var chineseName: String {
        switch self {
        case .equipmentFailure: "设备故障或损坏"
        case .badWeather: "天气恶劣"
        case .batteryOrStorage: "电量或存储空间不足"
        case .other: "其他"
        }
    }
}
