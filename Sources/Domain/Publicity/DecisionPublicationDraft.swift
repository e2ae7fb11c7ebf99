import Foundation

/// The first version of a decision's publication, filled from the case file so that nothing is
/// typed twice (issue 5 item 1; SPEC P7.1, P2): the counterparty from the directory, the decision's
/// number, facts, basis and content from the 行政处罚决定书 record, and the bureau as 处罚机关 and
/// 数据来源单位. The drafter completes what the file does not hold (e.g. 处罚类别 when there is no
/// fine) and the 双公示 check refuses submission until the required fields are there.
public enum DecisionPublicationDraft {
    /// The publication kind that publishes a case of `kind`, if any.
    public static func publicationKind(for kind: EnforcementKind) -> PublicationKind? {
        switch kind {
        case .penalty: .penaltyDecision
        case .coercion: .coercionDecision
        case .licensing: .licensingDecision
        case .inspection: .randomInspectionResult
        case .levyRequisition: nil
        }
    }

    /// Title and fields for the decision of `enforcementCase`. `decision` is the values of its
    /// decision record of the case's kind (`DecisionDocument.template(for:)`), when there is one.
    public static func fields(
        case enforcementCase: EnforcementCase, counterparty: Counterparty, decision: [String: String]?,
        bureauName: String, bureauUSCC: String
    ) -> (title: String, fields: [String: String]) {
        var fields: [String: String] = [
            "counterpartyName": counterparty.name,
            "authority": bureauName,
            "authorityUSCC": bureauUSCC,
            "dataSource": bureauName,
            "dataSourceUSCC": bureauUSCC,
        ]
        switch counterparty.kind {
        case .naturalPerson:
            fields["counterpartyCategory"] = DoublePublicityFields.naturalPersonCategory
            fields["idType"] = "身份证"
            fields["idNumber"] = counterparty.identifier
        default:
            fields["counterpartyCategory"] = "法人及非法人组织"
            fields["usccCode"] = counterparty.identifier
        }
        let decision = decision ?? [:]
        func copy(_ from: String, to key: String) {
            let value = DoublePublicityFields.trimmed(decision[from])
            if !value.isEmpty { fields[key] = value }
        }
        // Each kind's decision form has its own fields (issue 13 item 1): a coercion or licence is
        // never filled from a penalty decision.
        switch enforcementCase.kind {
        case .penalty:
            copy("documentNumber", to: "decisionNumber")
            copy("legalRepresentative", to: "legalRepresentative")
            copy("factsAndEvidence", to: "violationFacts")
            // Not 违反的规定 into 违法行为类型: a provision ("《安全生产法》第二十八条") is not a type of
            // violation ("未按规定进行安全生产教育和培训"); the drafter names the type (issue 10 item 9).
            copy("penaltyBasis", to: "penaltyBasis")
            copy("penalty", to: "penaltyContent")
            copy("decidedOn", to: "decisionDate")
            if let yuan = Decimal(string: DoublePublicityFields.trimmed(decision["fineAmount"])), yuan > 0 {
                fields["penaltyCategory"] = "罚款"
                fields["fineAmount"] = tenThousandYuan(yuan)
            }
        case .coercion:
            copy("documentNumber", to: "decisionNumber")
            copy("decidedOn", to: "decisionDate")
            copy("reasons", to: "measureReasons")
            copy("legalBasis", to: "measureBasis")
            copy("measures", to: "measureContent")
            copy("measureDuration", to: "measureDuration")
        case .licensing:
            if !decision.isEmpty { fields["licenceDocumentName"] = DocumentTemplate.licensingDecision.title }
            copy("documentNumber", to: "licenceDocumentNumber")
            copy("licenceContent", to: "licenceContent")
            copy("licenceNumber", to: "licenceNumber")
            copy("decidedOn", to: "decisionDate")
            copy("validFrom", to: "validFrom")
            copy("validTo", to: "validTo")
        case .inspection, .levyRequisition:
            break
        }
        let number = (fields["decisionNumber"] ?? fields["licenceDocumentNumber"]).map { $0 + " " } ?? ""
        let kindName = publicationKind(for: enforcementCase.kind)?.chineseName ?? enforcementCase.kind.chineseName
        return (number + kindName, fields)
    }

    /// 罚款金额 is published in 万元 (the national field set): yuan ÷ 10 000, without trailing zeros.
    static func tenThousandYuan(_ yuan: Decimal) -> String {
        var value = yuan / 10_000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}
