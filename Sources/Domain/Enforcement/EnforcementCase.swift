import Foundation

/// 案件: the case that groups the enforcement acts (`Activity`) about one matter (SPEC vocabulary).
///
/// Named `EnforcementCase` because `case` is a Swift keyword. The unit is the "谁执法、谁负责" owner
/// that compliance reports group by (SPEC R14, P2); `filedOn` (立案日期) matters because inquiries
/// after filing must be fully on video (SPEC R5 (五)).
public struct EnforcementCase: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    /// 案号 or 文书编号 prefix, e.g. `普应急罚〔2026〕12号`; free text, bureaus number differently.
    public var number: String
    /// 案由: what the case is about.
    public var title: String
    public var kind: EnforcementKind
    public var counterpartyID: UUID
    /// The unit responsible for the case (SPEC P2, R3).
    public var unitID: UUID
    public var openedOn: CivilDate
    /// 立案日期, nil while the matter has not been filed as a case.
    public var filedOn: CivilDate?

    public init(
        id: UUID = UUID(), number: String, title: String, kind: EnforcementKind,
        counterpartyID: UUID, unitID: UUID, openedOn: CivilDate, filedOn: CivilDate? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.kind = kind
        self.counterpartyID = counterpartyID
        self.unitID = unitID
        self.openedOn = openedOn
        self.filedOn = filedOn
    }
}
