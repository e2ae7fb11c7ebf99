import Foundation

/// What a staff account is for (SPEC X5: "a staff member sees and does only what the role allows").
///
/// A role says which kind of work a person does, not which unit they sit in: an officer of the
/// supervision section who carries out inspections holds `officer`, like an officer of the brigade;
/// the unit is kept on the person (`BureauUnit`). The raw values are stable slugs: they are stored in
/// the database, typed on the command line (`lawtrail user add --role officer`) and used in tests, so
/// a case may be added but never renamed.
///
/// The public (公众) is not a role: it has no account and sees only the portal (SPEC P4–P9).
/// What each role may do is the table in `Permissions`.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// 执法人员: carries out enforcement acts and records them (SPEC R1, R7).
    case officer = "officer"
    /// 执法大队负责人: leads officers, approves sensitive retrievals for them (SPEC R9.2).
    case brigadeLeader = "brigade-leader"
    /// 法制宣传科: guides recording, reviews and publishes (SPEC R3, P3, P11).
    case legalSection = "legal-section"
    /// 安全生产监督管理科: reports inspection figures and watches compliance (SPEC P3).
    case supervisionSection = "supervision-section"
    /// 办公室（装备与档案）: recording equipment and archives (SPEC R3, R8, R10).
    case office = "office"
    /// 事故调查部门: carries out accident-investigation acts and records them (SPEC R3).
    case accidentInvestigation = "accident-investigation"
    /// 局领导/监督人员: supervises enforcement, retrieval and publicity (SPEC R9.2, P10, R14).
    case supervisor = "supervisor"
    /// 第三方记录服务机构: a contracted recorder (SPEC R7 "通过购买服务的方式，聘请第三方专业机构进行记录").
    case thirdPartyRecorder = "third-party-recorder"
    /// 系统管理员: accounts and settings, deliberately no access to records (separation of duties).
    case administrator = "administrator"

    /// The name shown to people.
    public var chineseName: String {
        switch self {
        case .officer: "执法人员"
        case .brigadeLeader: "执法大队负责人"
        case .legalSection: "法制宣传科"
        case .supervisionSection: "安全生产监督管理科"
        case .office: "办公室（装备与档案）"
        case .accidentInvestigation: "事故调查部门"
        case .supervisor: "局领导/监督人员"
        case .thirdPartyRecorder: "第三方记录服务机构"
        case .administrator: "系统管理员"
        }
    }

    /// Every action this role may take, read off the one table in `Permissions.allows` (SPEC X5).
    public var allowed: Set<Action> {
        Set(Action.allCases.filter { Permissions.allows(self, $0) })
    }
}
