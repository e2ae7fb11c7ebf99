import Foundation

/// The bureau's uniform document formats (统一文书格式, SPEC R4).
///
/// Fields follow the emergency-management enforcement document formats (应急管理行政执法文书式样):
/// the blanks of the printed form, in print order, with stable English keys. Boiler-plate sentences
/// the form prints (the officers' self-introduction, the review and litigation notice) are not
/// fields; the blanks inside them are (复议机关, 人民法院). A field is optional only where the form
/// allows it to stay blank — a natural person has no 法定代表人, a 留置送达 has no signature of the
/// recipient.
extension DocumentTemplate {
    /// 现场检查记录: what officers found on an inspection visit, signed on the spot.
    public static let onSiteInspectionRecord = DocumentTemplate(
        id: "on-site-inspection-record", title: "现场检查记录",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("inspectedEntity", "被检查单位"),
            Field("address", "地址"),
            Field("legalRepresentative", "法定代表人（负责人）"),
            Field("legalRepresentativePosition", "职务", required: false),
            Field("contactPhone", "联系电话", required: false),
            Field("inspectionPlace", "检查场所"),
            Field("inspectionStart", "检查时间（起）", kind: .dateTime),
            Field("inspectionEnd", "检查时间（止）", kind: .dateTime),
            Field("inspectors", "检查人员及执法证号"),
            Field("findings", "检查情况", kind: .multiline),
            Field("inspectorSignatures", "检查人员签名"),
            Field("siteRepresentativeSignature", "被检查单位现场负责人签名"),
            Field("signedOn", "签名日期", kind: .date),
        ])

    /// 询问笔录: the question-and-answer record of an inquiry (after filing: SPEC R5 (五)).
    public static let inquiryRecord = DocumentTemplate(
        id: "inquiry-record", title: "询问笔录",
        fields: [
            Field("inquiryStart", "询问时间（起）", kind: .dateTime),
            Field("inquiryEnd", "询问时间（止）", kind: .dateTime),
            Field("inquiryPlace", "询问地点"),
            Field("intervieweeName", "被询问人姓名"),
            Field("intervieweeGender", "性别", required: false),
            Field("intervieweeAge", "年龄", required: false, kind: .number),
            Field("intervieweeIDNumber", "身份证号"),
            Field("intervieweeEmployer", "工作单位", required: false),
            Field("intervieweePosition", "职务", required: false),
            Field("intervieweeAddress", "住址", required: false),
            Field("intervieweePhone", "联系电话", required: false),
            Field("interviewers", "询问人及执法证号"),
            Field("recorder", "记录人及执法证号"),
            Field("othersPresent", "在场人员", required: false),
            Field("recusalAnswer", "是否申请回避（被询问人回答）"),
            Field("transcript", "询问内容（问答）", kind: .multiline),
            Field("intervieweeConfirmation", "被询问人核对意见"),
            Field("intervieweeSignature", "被询问人签名"),
            Field("interviewerSignatures", "询问人签名"),
            Field("recorderSignature", "记录人签名"),
        ])

    /// 责令限期整改指令书: an order to put listed problems right by a date.
    public static let rectificationOrder = DocumentTemplate(
        id: "rectification-order", title: "责令限期整改指令书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("inspectedEntity", "被检查单位"),
            Field("problems", "经查存在的问题", kind: .multiline),
            Field("itemsToRectify", "责令限期整改的问题（项次）"),
            Field("rectificationDeadline", "整改期限", kind: .date),
            Field("reviewAuthority", "行政复议机关"),
            Field("court", "行政诉讼人民法院"),
            Field("officers", "执法人员及执法证号"),
            Field("entityRepresentativeSignature", "被检查单位负责人签名"),
            Field("issuedOn", "签发日期", kind: .date),
        ])

    /// 行政处罚告知书: the notice of an intended penalty, which opens statement, defence and, where
    /// the law gives it, hearing (SPEC R5 (六), P6).
    public static let penaltyNotice = DocumentTemplate(
        id: "penalty-notice", title: "行政处罚告知书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("party", "当事人"),
            Field("facts", "违法事实", kind: .multiline),
            Field("violatedProvisions", "违反的规定"),
            Field("penaltyBasis", "处罚依据"),
            Field("proposedPenalty", "拟作出的行政处罚"),
            Field("proposedFine", "拟罚款金额（元）", required: false, kind: .number),
            Field("bureauAddress", "本机关地址"),
            Field("contactPerson", "联系人"),
            Field("contactPhone", "联系电话"),
            Field("issuedOn", "告知日期", kind: .date),
        ])

    /// 行政处罚决定书: the penalty decision, published within 7 working days (SPEC P7.1).
    public static let penaltyDecision = DocumentTemplate(
        id: "penalty-decision", title: "行政处罚决定书",
        fields: [
            Field("documentNumber", "文书编号"),
            Field("party", "被处罚人（单位）"),
            Field("partyIdentifier", "统一社会信用代码或身份证号"),
            Field("address", "地址（住址）"),
            Field("legalRepresentative", "法定代表人（负责人）", required: false),
            Field("legalRepresentativePosition", "职务", required: false),
            Field("contactPhone", "联系电话", required: false),
            Field("factsAndEvidence", "违法事实及证据", kind: .multiline),
            Field("violatedProvisions", "违反的规定"),
            Field("penaltyBasis", "处罚依据"),
            Field("penalty", "处罚决定"),
            Field("fineAmount", "罚款金额（元）", required: false, kind: .number),
            Field("paymentMethodAndDeadline", "罚款缴纳方式和期限", required: false),
            Field("reviewAuthority", "行政复议机关"),
            Field("court", "行政诉讼人民法院"),
            Field("decidedOn", "决定日期", kind: .date),
        ])

    /// 送达回证: proof that a document was served, and how (留置送达 and 公告送达: SPEC R5 (七)).
    public static let serviceReceipt = DocumentTemplate(
        id: "service-receipt", title: "送达回证",
        fields: [
            Field("documentNameAndNumber", "送达文书名称及文号"),
            Field("recipient", "受送达人"),
            Field("servicePlace", "送达地点"),
            Field("servedAt", "送达时间", kind: .dateTime),
            Field("serviceMethod", "送达方式"),
            Field("servers", "送达人"),
            Field("recipientSignature", "受送达人签名或盖章", required: false),
            Field("proxyRecipient", "代收人及代收理由", required: false),
            Field("witnesses", "见证人", required: false),
            Field("notes", "备注", required: false, kind: .multiline),
        ])

    /// Every template, in the order a case usually produces them.
    public static let all: [DocumentTemplate] = [
        onSiteInspectionRecord, inquiryRecord, rectificationOrder, penaltyNotice, penaltyDecision, coercionDecision,
        licensingDecision, requisitionDecision, serviceReceipt,
    ]

    /// The template with slug `id`, or nil.
    public static func named(_ id: String) -> DocumentTemplate? {
        all.first { $0.id == id }
    }
}
