import Foundation

/// The duties with a time limit in the publicity rule (SPEC X2, P7–P9), each with the SPEC id it comes
/// from and its limit. Raw values are stable slugs (stored, filtered on, exported).
///
/// "及时更正" (SPEC P9.1, 公示办法 九（一）) sets no time limit, so it is no obligation here; a
/// citizen's written correction request is (P9.2).
public enum ObligationKind: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    /// 公示办法 七: penalty decisions within 7 working days of the decision (SPEC P7.1).
    case publishPenaltyDecision = "publish-penalty-decision"
    /// 公示办法 七: coercion decisions within 20 working days (SPEC P7.2).
    case publishCoercionDecision = "publish-coercion-decision"
    /// 公示办法 七: licensing decisions within 20 working days (SPEC P7.2).
    case publishLicensingDecision = "publish-licensing-decision"
    /// 公示办法 七: the previous year's figures published before 31 January (SPEC P7.4).
    case publishYearlyFigures = "publish-yearly-figures"
    /// 公示办法 八（一）: a law, regulation or rule promulgated, amended, repealed or lapsed (SPEC P8).
    case updateAfterLawChange = "update-after-law-change"
    /// 公示办法 八（二）: the bureau's organisation changed (三定方案 approved) (SPEC P8).
    case updateAfterOrganisationChange = "update-after-organisation-change"
    /// 公示办法 八（三）: an officer's certificate changed (SPEC P8).
    case updateAfterCertificateChange = "update-after-certificate-change"
    /// 公示办法 八（四）: a decision lawfully changed (SPEC P8).
    case updateAfterDecisionChange = "update-after-decision-change"
    /// 公示办法 九（二）: a written correction request checked and answered within 5 working days (SPEC P9.2).
    case answerCorrectionRequest = "answer-correction-request"
    /// 公示办法 九（三）: a decision revoked, found unlawful or to be re-made taken down within 7
    /// working days (SPEC P9.3).
    case withdrawDecision = "withdraw-decision"
    /// 公示办法 七 and issue 15: a 双随机 inspection's result published within 20 working days of
    /// the inspection's conclusion, on the portal and the WeChat channel (SPEC P7.3; the 20 days are
    /// the national rule for 双随机 results, 国发〔2019〕5号 as we read it).
    case publishRandomInspectionResult = "publish-random-inspection-result"

    /// The SPEC id the duty comes from (X2: "with its legal basis (the SPEC id)").
    public var specID: String {
        switch self {
        case .publishPenaltyDecision: "P7.1"
        case .publishCoercionDecision, .publishLicensingDecision: "P7.2"
        case .publishYearlyFigures: "P7.4"
        case .updateAfterLawChange, .updateAfterOrganisationChange, .updateAfterCertificateChange,
             .updateAfterDecisionChange: "P8"
        case .answerCorrectionRequest: "P9.2"
        case .withdrawDecision: "P9.3"
        case .publishRandomInspectionResult: "P7.3"
        }
    }

    /// The clause of the bureau's 公示办法 it comes from, as people cite it.
    public var ruleClause: String {
        switch self {
        case .publishPenaltyDecision, .publishCoercionDecision, .publishLicensingDecision, .publishYearlyFigures:
            "公示办法 七"
        case .updateAfterLawChange: "公示办法 八（一）"
        case .updateAfterOrganisationChange: "公示办法 八（二）"
        case .updateAfterCertificateChange: "公示办法 八（三）"
        case .updateAfterDecisionChange: "公示办法 八（四）"
        case .answerCorrectionRequest: "公示办法 九（二）"
        case .withdrawDecision: "公示办法 九（三）"
        case .publishRandomInspectionResult: "公示办法 七"
        }
    }

    /// The time limit in working days (SPEC X1); nil for the yearly figures, due on a calendar date.
    public var workdays: Int? {
        switch self {
        case .publishPenaltyDecision, .withdrawDecision: 7
        case .publishCoercionDecision, .publishLicensingDecision, .updateAfterLawChange,
             .updateAfterOrganisationChange, .updateAfterCertificateChange, .updateAfterDecisionChange,
             .publishRandomInspectionResult: 20
        case .answerCorrectionRequest: 5
        case .publishYearlyFigures: nil
        }
    }

    public var chineseName: String {
        switch self {
        case .publishPenaltyDecision: "公示行政处罚决定"
        case .publishCoercionDecision: "公示行政强制决定"
        case .publishLicensingDecision: "公示行政许可决定"
        case .publishYearlyFigures: "公开上年度行政执法数据"
        case .updateAfterLawChange: "法律法规变化后更新公示信息"
        case .updateAfterOrganisationChange: "机构设置变化后更新公示信息"
        case .updateAfterCertificateChange: "执法证件信息变化后更新公示信息"
        case .updateAfterDecisionChange: "执法决定变更后更新公示信息"
        case .answerCorrectionRequest: "核实并处理更正公示的书面要求"
        case .withdrawDecision: "撤下原行政执法决定信息"
        case .publishRandomInspectionResult: "公示“双随机、一公开”抽查结果"
        }
    }

    /// The limit in words: `7个工作日内` or `1月31日前`.
    public var timeLimitDescription: String {
        workdays.map { "\($0)个工作日内" } ?? "1月31日前"
    }
}
