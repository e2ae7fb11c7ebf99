import Foundation

/// What kind of item a publication is (SPEC P5, P7).
///
/// Before enforcement (SPEC P5): power items, service guides, entries of the powers-and-duties list,
/// random-inspection items and officers' certificates. After enforcement (SPEC P7): penalty,
/// coercion and licensing decisions, 双随机、一公开 inspection results and the yearly figures.
/// Raw values are stable English slugs: stored, exported (`/open-data/<slug>.csv`) and used in URLs,
/// so they never change even if the Chinese wording does.
public enum PublicationKind: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
    // MARK: 事前 (SPEC P5)
    case powerItem = "power-item"                              // 权力事项
    case serviceGuide = "service-guide"                        // 办事指南
    case powersAndDutiesEntry = "powers-and-duties-entry"      // 权责清单
    case randomInspectionItem = "random-inspection-item"       // 随机抽查事项
    case officerCertificate = "officer-certificate"            // 执法人员及执法证

    // MARK: 事后 (SPEC P7)
    case penaltyDecision = "penalty-decision"                  // 行政处罚决定 (P7.1)
    case coercionDecision = "coercion-decision"                // 行政强制决定 (P7.2)
    case licensingDecision = "licensing-decision"              // 行政许可决定 (P7.2)
    case randomInspectionResult = "random-inspection-result"   // “双随机、一公开”抽查结果 (P7.3)
    case yearlyFigures = "yearly-figures"                      // 年度执法数据 (P7.4)

    public var chineseName: String {
        switch self {
        case .powerItem: "权力事项"
        case .serviceGuide: "办事指南"
        case .powersAndDutiesEntry: "权责清单"
        case .randomInspectionItem: "随机抽查事项"
        case .officerCertificate: "执法人员及执法证"
        case .penaltyDecision: "行政处罚决定"
        case .coercionDecision: "行政强制决定"
        case .licensingDecision: "行政许可决定"
        case .randomInspectionResult: "“双随机、一公开”抽查结果"
        case .yearlyFigures: "年度执法数据"
        }
    }

    /// 事前 / 事中 / 事后. No kind is a during-enforcement publication today: what SPEC P6 asks for
    /// (certificates shown, rights told) is kept on the activity's record, not published as an item.
    public var stage: PublicationStage {
        switch self {
        case .powerItem, .serviceGuide, .powersAndDutiesEntry, .randomInspectionItem, .officerCertificate:
            .before
        case .penaltyDecision, .coercionDecision, .licensingDecision, .randomInspectionResult, .yearlyFigures:
            .after
        }
    }

    /// The enforcement kind whose decision or result this item publishes, if it publishes one.
    public var enforcementKind: EnforcementKind? {
        switch self {
        case .penaltyDecision: .penalty
        case .coercionDecision: .coercion
        case .licensingDecision: .licensing
        case .randomInspectionResult: .inspection
        default: nil
        }
    }

    /// Whether only the legal section may enter, publish, correct and withdraw this kind (SPEC P3:
    /// "the legal section enters, updates, corrects and withdraws the before-enforcement items and
    /// publishes the yearly figures"). Other kinds belong to the business units and the brigade.
    public var isLegalSectionOnly: Bool { stage == .before || self == .yearlyFigures }

    /// The national 双公示 field set this kind is shared with 信用中国 in (SPEC P2, P7.1), if any:
    /// penalty and licensing decisions only.
    public var doublePublicityFields: DoublePublicityFields? {
        switch self {
        case .penaltyDecision: .penalty
        case .licensingDecision: .licensing
        default: nil
        }
    }

    /// The publicity category a new publication of this kind starts in (SPEC P7.5). A penalty starts
    /// as `generalPenalty`; the legal section chooses `seriousPenalty` for a serious breach.
    public var defaultPublicityCategory: PublicityCategory {
        switch self {
        case .powerItem, .serviceGuide, .powersAndDutiesEntry, .randomInspectionItem, .officerCertificate:
            .beforeEnforcement
        case .penaltyDecision: .generalPenalty
        case .coercionDecision: .coercion
        case .licensingDecision: .licensing
        case .randomInspectionResult: .inspectionResult
        case .yearlyFigures: .yearlyFigures
        }
    }

    /// The publicity categories a publication of this kind may be published under (SPEC P7.5): a
    /// penalty is a minor, general or serious breach (《信用修复管理办法》, issue 13 item 4), every other
    /// kind has one. Approval and publication check it, so that a penalty cannot be given an
    /// open-ended period by mistake.
    public var allowedPublicityCategories: [PublicityCategory] {
        self == .penaltyDecision ? [.minorPenalty, .generalPenalty, .seriousPenalty] : [defaultPublicityCategory]
    }
}
