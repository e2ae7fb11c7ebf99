import Foundation

/// 档号 of an archived case file (issue 14 item 2; GB/T 18894-2016 §7 "档号", laid out after DA/T
/// 22-2015 归档文件整理规则 §6: 全宗号-档案门类代码-年度-保管期限代码-件号):
///
/// `<全宗号>-WS-<年度>-<Y|D30|D10>-<件号, 4 digits>`, e.g. `91310107MA1G00000X-WS-2026-D30-0003`.
///
/// - 全宗号: the fonds code the archive assigned the bureau; this system is not told one, so it uses
///   the bureau's 统一社会信用代码, which is unique and stable (a configured 全宗号 replaces it).
/// - WS: 文书 (case files are 文书档案 here; media travel with their case file).
/// - 年度: the year the case was closed.
/// - 保管期限代码: Y 永久, D30 定期30年, D10 定期10年 (DA/T 22-2015 §6.3).
/// - 件号: the sequence number of the package within fonds, year and period, from 1.
public struct ArchivalCode: Hashable, Sendable, CustomStringConvertible {
    public let fonds: String
    public let year: Int
    public let period: RetentionPeriod
    public let item: Int

    public init(fonds: String, year: Int, period: RetentionPeriod, item: Int) {
        self.fonds = fonds
        self.year = year
        self.period = period
        self.item = item
    }

    public static func periodCode(_ period: RetentionPeriod) -> String {
        switch period {
        case .permanent: "Y"
        case .thirtyYears: "D30"
        case .tenYears: "D10"
        }
    }

    /// The prefix shared by every package of one fonds, year and period (for numbering).
    public static func series(fonds: String, year: Int, period: RetentionPeriod) -> String {
        "\(fonds)-WS-\(year)-\(periodCode(period))-"
    }

    public var description: String {
        Self.series(fonds: fonds, year: year, period: period) + String(format: "%04d", item)
    }
}
