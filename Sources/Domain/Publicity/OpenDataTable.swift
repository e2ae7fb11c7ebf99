import Foundation

/// The columns and rows of an open-data export of one publication kind (SPEC P2, P4; issue 5
/// item 8). 双公示 kinds use the national field names in the national order, so the file loads into
/// 信用中国's templates as it is; other kinds have a fixed set of columns with the content folded
/// into one. Every value comes from `PublicContent` — masked (SPEC X4) — and only listed items are
/// exported, so a withdrawn or expired item is in no export (SPEC P9.3, P7.5).
public struct OpenDataTable: Sendable {
    public let kind: PublicationKind
    public let header: [String]

    public init(kind: PublicationKind) {
        self.kind = kind
        if let schema = kind.doublePublicityFields {
            header = ["公示状态", "详情链接"] + schema.fields.map(\.label)
        } else {
            header = ["标题", "日期", "公示状态", "内容", "详情链接"]
        }
    }

    /// One row; `url` is the item's detail page, `date` its decision or publication day.
    public func row(_ content: PublicContent, status: String, date: CivilDate?, url: String) -> [String] {
        if let schema = kind.doublePublicityFields {
            return [status, url] + schema.fields.map { content.value($0.key) ?? "" }
        }
        let folded = content.fields.map { "\($0.label)：\($0.value)" }.joined(separator: "；")
        return [content.title, date?.description ?? "", status, folded, url]
    }
}
