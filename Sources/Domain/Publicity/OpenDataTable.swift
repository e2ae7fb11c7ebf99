import Foundation

/// The columns and rows of an open-data export of one publication kind (SPEC P2, P4; issue 5
/// item 8). 双公示 kinds use the national field names in the national order, so the file loads into
/// 信用中国's templates as it is; other kinds have a fixed set of columns with the content folded
/// into one. Every value comes from `PublicContent` — masked (SPEC X4) — and only listed items are
/// exported, so a withdrawn or expired item is in no export (SPEC P9.3, P7.5).
///
/// 公示截止期 is filled in every row (issue 13 item 5 (a)): the last day of the item's publicity
/// period as fixed when it was published (SPEC P7.5), in the 双公示 column of that name and in a
/// column of its own for the other kinds.
public struct OpenDataTable: Sendable {
    public let kind: PublicationKind
    public let header: [String]

    public init(kind: PublicationKind) {
        self.kind = kind
        if let schema = kind.doublePublicityFields {
            header = ["公示状态", "详情链接"] + schema.fields.map(\.label)
        } else {
            header = ["标题", "日期", "公示状态", "公示截止期", "内容", "详情链接"]
        }
    }

    /// One row; `url` is the item's detail page, `date` its decision or publication day,
    /// `publicityLastDay` the last day of its publicity period (nil: no end).
    public func row(_ content: PublicContent, status: String, date: CivilDate?, publicityLastDay: CivilDate?, url: String) -> [String] {
        let deadline = Self.publicityDeadline(content, publicityLastDay: publicityLastDay)
        if let schema = kind.doublePublicityFields {
            return [status, url] + schema.fields.map { $0.key == Self.deadlineKey ? deadline : content.value($0.key) ?? "" }
        }
        let folded = content.fields.map { "\($0.label)：\($0.value)" }.joined(separator: "；")
        return [content.title, date?.description ?? "", status, deadline, folded, url]
    }

    /// The 双公示 field key of 公示截止期.
    public static let deadlineKey = "publicityDeadline"

    /// 公示截止期 as exported (issue 13 item 5 (a); SPEC P7.5, P2): the last day of the period the
    /// item was published with — the system's, so an export never contradicts when the item leaves
    /// the lists. For an item without an end (a licence without 有效期至, a before-enforcement item)
    /// a date typed by the drafter is kept, else 长期 is written out: the field is never blank.
    public static func publicityDeadline(_ content: PublicContent, publicityLastDay: CivilDate?) -> String {
        if let publicityLastDay { return publicityLastDay.description }
        if let typed = content.value(deadlineKey), !typed.isEmpty { return typed }
        return "长期"
    }

    /// The 双公示 fields of `content` as label → value, with 公示截止期 filled: what a channel that
    /// takes credit information (信用中国, 信用上海) loads (issue 13 item 5 (a), (d)). Nil for a kind
    /// without a 双公示 field set.
    public static func doublePublicityValues(_ content: PublicContent, publicityLastDay: CivilDate?) -> [String: String]? {
        guard let schema = content.kind.doublePublicityFields else { return nil }
        let deadline = publicityDeadline(content, publicityLastDay: publicityLastDay)
        return Dictionary(uniqueKeysWithValues: schema.fields.map {
            ($0.label, $0.key == deadlineKey ? deadline : content.value($0.key) ?? "")
        })
    }
}
