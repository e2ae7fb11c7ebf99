import Foundation

/// The decision documents of the enforcement kinds other than penalty (issue 13 item 1): each kind's
/// decision is entered in its case from its own form, so its number and date are never copied from
/// another kind's document, and entering it creates the duty to publish it (SPEC P7.1, P7.2).
///
/// Fields follow the printed forms of the emergency-management enforcement documents
/// (应急管理行政执法文书式样: 查封扣押决定书) and the 行政许可法 (第三十八条、第三十九条: a licence
/// decision names the licence, its content and validity). Every decision has `documentNumber` and
/// `decidedOn`, which `DecisionDocument` reads.
extension DocumentTemplate {
    /// 查封扣押决定书: a coercive measure (行政强制措施) decided in a case (SPEC P7.2).
    public static let coercionDecision = DocumentTemplate(
        id: "coercion-decision", title: "查封扣押决定书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("party", "当事人"),
            Field("partyIdentifier", "统一社会信用代码或身份证号"),
            Field("address", "地址（住址）"),
            Field("legalRepresentative", "法定代表人（负责人）", required: false),
            Field("reasons", "实施行政强制措施的理由", kind: .multiline),
            Field("legalBasis", "实施依据"),
            Field("measures", "查封、扣押的场所、设施或者财物", kind: .multiline),
            Field("measureDuration", "查封、扣押期限"),
            Field("reviewAuthority", "行政复议机关"),
            Field("court", "行政诉讼人民法院"),
            Field("decidedOn", "决定日期", kind: .date),
        ])

    /// 行政许可决定书: a licence granted or refused (SPEC P7.2).
    public static let licensingDecision = DocumentTemplate(
        id: "licensing-decision", title: "行政许可决定书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("party", "申请人"),
            Field("partyIdentifier", "统一社会信用代码或身份证号"),
            Field("licenceName", "许可事项"),
            Field("licenceContent", "许可内容", kind: .multiline),
            Field("licenceNumber", "许可证编号", required: false),
            Field("validFrom", "有效期自", required: false, kind: .date),
            Field("validTo", "有效期至", required: false, kind: .date),
            Field("legalBasis", "许可依据"),
            Field("decidedOn", "决定日期", kind: .date),
        ])

    /// 征收征用决定书: property levied or requisitioned (行政征收征用, SPEC R1). The publicity rule
    /// sets no time limit for publishing it, so it creates no duty.
    public static let requisitionDecision = DocumentTemplate(
        id: "requisition-decision", title: "征收征用决定书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("party", "被征收征用人"),
            Field("partyIdentifier", "统一社会信用代码或身份证号"),
            Field("reasons", "征收征用的理由和依据", kind: .multiline),
            Field("property", "征收征用的财物及期限", kind: .multiline),
            Field("compensation", "补偿方式", required: false),
            Field("reviewAuthority", "行政复议机关"),
            Field("court", "行政诉讼人民法院"),
            Field("decidedOn", "决定日期", kind: .date),
        ])
}
