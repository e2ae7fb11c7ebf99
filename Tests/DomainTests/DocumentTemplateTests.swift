import Domain
import Foundation
import Testing

// SPEC R4: text is the basic form; uniform document templates (统一文书格式) that know their
// required fields, so an electronic document is complete, clear and accurate.
@Suite struct DocumentTemplateTests {
    typealias F = RecordingFixtures

    /// The required fields each template must keep, as the printed forms require them. A template
    /// that drops one fails here.
    static let expectedRequired: [String: [String]] = [
        "on-site-inspection-record": [
            "documentNumber", "inspectedEntity", "address", "legalRepresentative", "inspectionPlace",
            "inspectionStart", "inspectionEnd", "inspectors", "findings", "inspectorSignatures",
            "siteRepresentativeSignature", "signedOn",
        ],
        "inquiry-record": [
            "inquiryStart", "inquiryEnd", "inquiryPlace", "intervieweeName", "intervieweeIDNumber",
            "interviewers", "recorder", "recusalAnswer", "transcript", "intervieweeConfirmation",
            "intervieweeSignature", "interviewerSignatures", "recorderSignature",
        ],
        "rectification-order": [
            "documentNumber", "inspectedEntity", "problems", "itemsToRectify", "rectificationDeadline",
            "reviewAuthority", "court", "officers", "entityRepresentativeSignature", "issuedOn",
        ],
        "penalty-notice": [
            "documentNumber", "party", "facts", "violatedProvisions", "penaltyBasis", "proposedPenalty",
            "bureauAddress", "contactPerson", "contactPhone", "issuedOn",
        ],
        "penalty-decision": [
            "documentNumber", "party", "partyIdentifier", "address", "factsAndEvidence", "violatedProvisions",
            "penaltyBasis", "penalty", "reviewAuthority", "court", "decidedOn",
        ],
        "coercion-decision": [
            "documentNumber", "party", "partyIdentifier", "address", "reasons", "legalBasis", "measures",
            "measureDuration", "reviewAuthority", "court", "decidedOn",
        ],
        "licensing-decision": [
            "documentNumber", "party", "partyIdentifier", "licenceName", "licenceContent", "legalBasis", "decidedOn",
        ],
        "requisition-decision": [
            "documentNumber", "party", "partyIdentifier", "reasons", "property", "reviewAuthority", "court", "decidedOn",
        ],
        "service-receipt": [
            "documentNameAndNumber", "recipient", "servicePlace", "servedAt", "serviceMethod", "servers",
        ],
    ]

    @Test("SPEC R4: the catalogue has the uniform formats with their Chinese titles, a decision form for each kind (issue 13)")
    func catalogue() {
        #expect(DocumentTemplate.all.map(\.id) == [
            "on-site-inspection-record", "inquiry-record", "rectification-order", "penalty-notice",
            "penalty-decision", "coercion-decision", "licensing-decision", "requisition-decision", "service-receipt",
        ])
        #expect(DocumentTemplate.all.map(\.title) == [
            "现场检查记录", "询问笔录", "责令限期整改指令书", "行政处罚告知书", "行政处罚决定书", "查封扣押决定书",
            "行政许可决定书", "征收征用决定书", "送达回证",
        ])
        #expect(DocumentTemplate.named("penalty-decision") == .penaltyDecision)
        #expect(DocumentTemplate.named("no-such-template") == nil)
    }

    @Test("SPEC R4: each template's required fields are the form's", arguments: DocumentTemplate.all)
    func requiredFields(template: DocumentTemplate) {
        #expect(template.requiredFields.map(\.key) == Self.expectedRequired[template.id])
        #expect(Set(template.fields.map(\.key)).count == template.fields.count, "duplicate key in \(template.id)")
        #expect(Set(template.fields.map(\.label)).count == template.fields.count, "duplicate label in \(template.id)")
    }

    @Test("SPEC R4: 现场检查记录 asks for what the printed record asks for")
    func onSiteInspectionLabels() {
        let labels = DocumentTemplate.onSiteInspectionRecord.requiredFields.map(\.label)

        for label in ["被检查单位", "地址", "法定代表人（负责人）", "检查场所", "检查时间（起）", "检查时间（止）",
                      "检查人员及执法证号", "检查情况", "被检查单位现场负责人签名"] {
            #expect(labels.contains(label), "missing \(label)")
        }
        #expect(DocumentTemplate.onSiteInspectionRecord.field("inspectionStart")?.kind == .dateTime)
        #expect(DocumentTemplate.onSiteInspectionRecord.field("findings")?.kind == .multiline)
    }

    @Test("SPEC R4: an empty document reports every required field and nothing else", arguments: DocumentTemplate.all)
    func emptyDocumentReportsRequired(template: DocumentTemplate) throws {
        let errors = template.validate(values: [:])

        #expect(Set(errors.keys) == Set(try #require(Self.expectedRequired[template.id])))
        for field in template.requiredFields {
            #expect(errors[field.key] == "“\(field.label)”为必填项，不能为空")
        }
    }

    @Test("SPEC R4: a complete document has no errors", arguments: DocumentTemplate.all)
    func completeDocumentPasses(template: DocumentTemplate) {
        #expect(template.validate(values: F.completeValues(template)) == [:])
    }

    @Test("SPEC R4: white space alone does not fill a required field", arguments: DocumentTemplate.all)
    func whitespaceIsEmpty(template: DocumentTemplate) throws {
        let field = try #require(template.requiredFields.last)
        var values = F.completeValues(template)
        values[field.key] = " \u{3000}\n\t"  // includes the ideographic space

        let errors = template.validate(values: values)

        #expect(errors == [field.key: "“\(field.label)”为必填项，不能为空"])
    }

    @Test("SPEC R4: optional fields may stay empty")
    func optionalFieldsMayBeEmpty() {
        var values = F.completeValues(.penaltyDecision)
        for key in ["legalRepresentative", "legalRepresentativePosition", "contactPhone", "fineAmount", "paymentMethodAndDeadline"] {
            values[key] = ""
        }

        #expect(DocumentTemplate.penaltyDecision.validate(values: values) == [:])
    }

    @Test("SPEC R4: malformed dates, date-times and numbers are reported, optional ones too")
    func malformedValues() {
        var values = F.completeValues(.penaltyDecision)
        values["decidedOn"] = "2026-02-30"
        values["fineAmount"] = "两万元"
        var inspection = F.completeValues(.onSiteInspectionRecord)
        inspection["inspectionStart"] = "2026-11-29 25:00"

        let decisionErrors = DocumentTemplate.penaltyDecision.validate(values: values)
        let inspectionErrors = DocumentTemplate.onSiteInspectionRecord.validate(values: inspection)

        #expect(Set(decisionErrors.keys) == ["decidedOn", "fineAmount"])
        #expect(decisionErrors["decidedOn"] == "“决定日期”应为日期，格式如 2026-11-29，实为“2026-02-30”")
        #expect(decisionErrors["fineAmount"] == "“罚款金额（元）”应为数字，格式如 20000 或 1500.50，实为“两万元”")
        #expect(inspectionErrors == ["inspectionStart": "“检查时间（起）”应为日期时间，格式如 2026-11-29T09:30，实为“2026-11-29 25:00”"])
    }

    @Test("SPEC R4: a key the template does not have is reported")
    func unknownKeyReported() {
        var values = F.completeValues(.serviceReceipt)
        values["colour"] = "红"

        let problems = DocumentTemplate.serviceReceipt.problems(values: values)

        #expect(problems == [DocumentTemplate.FieldProblem(key: "colour", reason: .unknownKey, message: "该文书式样没有“colour”这一项")])
    }

    @Test("SPEC R4: numbers are plain non-negative decimals", arguments: [
        ("0", true), ("20000", true), ("1500.50", true), ("-5", false), ("1,000", false), ("1.", false),
        (".5", false), ("1.2.3", false), ("１２", false), ("1e3", false),
    ])
    func numberFormat(text: String, valid: Bool) {
        #expect(DocumentTemplate.isWellFormed(text, as: .number) == valid)
    }

    @Test("SPEC R4: date-times are Asia/Shanghai unless an offset is given")
    func dateTimeParsing() {
        let expected = F.shanghai(2026, 11, 29, 9, 30)

        #expect(DocumentTemplate.parseDateTime("2026-11-29T09:30") == expected)
        #expect(DocumentTemplate.parseDateTime("2026-11-29 09:30:00") == expected)
        #expect(DocumentTemplate.parseDateTime("2026-11-29T01:30Z") == expected)
        #expect(DocumentTemplate.parseDateTime("2026-11-29T09:30:00+08:00") == expected)
        #expect(DocumentTemplate.parseDateTime("2026-11-28T20:30-05:00") == expected)
        for bad in ["2026-11-29T24:00", "2026-02-30T09:00", "2026-11-29T9:30", "2026-11-29", "2026-11-29T09:30+8",
                    "2026-11-29T09:60", "2026-11-29T09:30:00Zjunk", "2026/11/29 09:30"] {
            #expect(DocumentTemplate.parseDateTime(bad) == nil, "\(bad)")
        }
    }

    @Test("SPEC R4: a template round-trips through JSON for the API")
    func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(DocumentTemplate.inquiryRecord)

        let decoded = try JSONDecoder().decode(DocumentTemplate.self, from: data)

        #expect(decoded == .inquiryRecord)
        #expect(String(decoding: data, as: UTF8.self).contains(#""kind":"date-time""#))
    }
}
