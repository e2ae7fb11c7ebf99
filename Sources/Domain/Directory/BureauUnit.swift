import Foundation

/// A unit of the bureau (named BureauUnit: Foundation already has a `Unit`) (SPEC X5): the owner of duties and the "谁执法、谁公示" of SPEC P2.
public struct BureauUnit: Hashable, Sendable, Codable {
    public var id: UUID
    /// Display name, e.g. 法制宣传科.
    public var name: String
    public var kind: UnitKind

    public init(id: UUID = UUID(), name: String, kind: UnitKind) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}

/// The kinds of unit SPEC X5 names; each carries its own duties in P3 and R3.
public enum UnitKind: String, CaseIterable, Sendable, Codable {
    case legalAndPublicity = "legal-publicity"         // 法制宣传科
    case supervision = "supervision"                  // 安全生产监督管理科
    case enforcementBrigade = "enforcement-brigade"   // 执法大队
    case office = "office"                            // 办公室
    case accidentInvestigation = "accident-investigation" // 事故调查部门
    case leadership = "leadership"                    // 局领导
    case thirdPartyRecorder = "third-party-recorder"  // 第三方记录服务机构 (R7)

    public var chineseName: String {
        switch self {
        case .legalAndPublicity: "法制宣传科"
        case .supervision: "安全生产监督管理科"
        case .enforcementBrigade: "执法大队"
        case .office: "办公室"
        case .accidentInvestigation: "事故调查部门"
        case .leadership: "局领导"
        case .thirdPartyRecorder: "第三方记录服务机构"
        }
    }
}
