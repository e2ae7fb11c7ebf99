import Foundation

/// The procedure an act follows. A simple-procedure penalty (简易程序) is only optionally recorded on
/// video (SPEC R6 (二)); a general-procedure case (普通程序) files a case and so reaches the
/// mandatory situations of SPEC R5 (inquiries after filing, statements, hearings).
public enum Procedure: String, CaseIterable, Hashable, Sendable, Codable {
    case simple = "simple"     // 简易程序
    case general = "general"   // 普通程序

    public var chineseName: String {
        switch self {
        case .simple: "简易程序"
        case .general: "普通程序"
        }
    }
}
