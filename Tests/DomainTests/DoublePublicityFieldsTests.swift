import Domain
import Foundation
import Testing

// SPEC P2, P7.1, X4: the national 双公示 field sets for penalty and licensing decisions, validated
// field by field with a Chinese message naming the national field.

@Suite("DoublePublicityFields — SPEC P2/P7.1 national 双公示 fields")
struct DoublePublicityFieldsTests {
    typealias F = PublicityFixtures
    let today = PublicityFixtures.day("2026-11-29")

    func problems(_ change: (inout [String: String]) -> Void, schema: DoublePublicityFields = .penalty) -> [String: String] {
        var fields = schema == .penalty ? F.penaltyFields() : F.licensingFields()
        change(&fields)
        return schema.validate(fields, today: today)
    }

    @Test("SPEC P2: the complete penalty and licensing records pass")
    func completeRecordsPass() {
        #expect(DoublePublicityFields.penalty.validate(F.penaltyFields(), today: today) == [:])
        #expect(DoublePublicityFields.penalty.validate(F.naturalPersonPenaltyFields(), today: today) == [:])
        #expect(DoublePublicityFields.licensing.validate(F.licensingFields(), today: today) == [:])
    }

    @Test("SPEC P2: national labels, stable keys, column order")
    func labels() {
        let penalty = DoublePublicityFields.penalty
        #expect(penalty.fields.first?.label == "行政相对人名称")
        #expect(penalty.field("fineAmount")?.label == "罚款金额（万元）")
        #expect(penalty.field("confiscationAmount")?.label == "没收违法所得、没收非法财物的金额（万元）")
        #expect(penalty.field("publicityDeadline")?.label == "公示截止期")
        #expect(penalty.field("authorityUSCC")?.label == "处罚机关统一社会信用代码")
        #expect(penalty.fields.last?.label == "备注")
        #expect(Set(penalty.keys).count == penalty.keys.count)
        let licensing = DoublePublicityFields.licensing
        #expect(licensing.field("licenceDocumentNumber")?.label == "行政许可决定文书号")
        #expect(licensing.field("validFrom")?.label == "有效期自")
        #expect(licensing.field("validTo")?.label == "有效期至")
        #expect(Set(licensing.keys).count == licensing.keys.count)
        #expect(penalty.field("counterpartyCategory")?.allowedValues == ["法人及非法人组织", "自然人", "个体工商户"])
        #expect(penalty.field("decisionNumber")?.isRequired == true)
        #expect(penalty.field("remarks")?.isRequired == false)
    }

    @Test("SPEC P7.1: every required penalty field reports its national name when empty")
    func requiredFields() {
        for field in DoublePublicityFields.penalty.fields where field.isRequired {
            let found = problems { $0[field.key] = "  " }
            #expect(found[field.key] == "“\(field.label)”不能为空", "field \(field.key)")
        }
    }

    @Test("SPEC P7.1: conditional fields — USCC and 法定代表人 for organisations, 证件 for natural persons")
    func conditionalCounterpartyFields() {
        let organisation = problems { $0["usccCode"] = nil; $0["legalRepresentative"] = nil }
        #expect(organisation["usccCode"] == "行政相对人类别为“法人及非法人组织”时，“行政相对人代码_1(统一社会信用代码)”不能为空")
        #expect(organisation["legalRepresentative"] != nil)

        var person = F.naturalPersonPenaltyFields()
        person["idNumber"] = nil
        let found = DoublePublicityFields.penalty.validate(person, today: today)
        #expect(found == ["idNumber": "行政相对人类别为“自然人”时，“证件号码”不能为空"])
    }

    @Test("SPEC P7.1: 处罚类别 including 罚款 requires 罚款金额; 吊销许可证件 requires the licence")
    func conditionalPenaltyFields() {
        let noFine = problems { $0["fineAmount"] = nil }
        #expect(noFine["fineAmount"] == "处罚类别含“罚款”时，“罚款金额（万元）”不能为空")
        let revoked = problems { $0["penaltyCategory"] = "吊销许可证件" ; $0["fineAmount"] = nil }
        #expect(revoked["suspendedOrRevokedLicence"] != nil)
        #expect(revoked["fineAmount"] == nil)
        let warningOnly = problems { $0["penaltyCategory"] = "警告"; $0["fineAmount"] = nil }
        #expect(warningOnly == [:])
    }

    @Test("SPEC P7.1: a date that is no date", arguments: ["2026-02-30", "12/02/2026", "明天"])
    func badDate(value: String) {
        #expect(problems { $0["decisionDate"] = value }["decisionDate"] == "“处罚决定日期”应为有效日期（YYYY-MM-DD），实为“\(value)”")
    }

    @Test("SPEC P2: the national templates' YYYY/MM/DD form is accepted")
    func slashedDate() {
        #expect(problems { $0["decisionDate"] = "2026/02/12" } == [:])
    }

    @Test("SPEC P7.1: money is a non-negative decimal with at most 6 places", arguments: [
        ("3.5", true), ("0", true), ("12.345678", true), ("-1", false), ("1.2345678", false), ("1,000", false),
        ("三万", false), (".5", false), ("5.", false), ("1e3", false),
    ])
    func money(value: String, valid: Bool) {
        let message = problems { $0["fineAmount"] = value }["fineAmount"]
        #expect((message == nil) == valid, "value \(value)")
        if !valid { #expect(message == "“罚款金额（万元）”应为不小于0的数，最多6位小数，实为“\(value)”") }
    }

    @Test("SPEC X4: a USCC with a wrong check character is refused, naming the character")
    func badUSCC() throws {
        let good = F.bureauUSCC
        let wrongCheck: Character = good.last == "0" ? "1" : "0"
        let bad = String(good.dropLast()) + String(wrongCheck)
        let message = try #require(problems { $0["authorityUSCC"] = bad }["authorityUSCC"])
        #expect(message.hasPrefix("“处罚机关统一社会信用代码”不是有效的统一社会信用代码："))
        #expect(message.contains("第18位校验码应为\(good.last!)"))
    }

    @Test("SPEC X4: a natural person's 身份证 number is checked; a passport number is not")
    func identityNumber() {
        var person = F.naturalPersonPenaltyFields()
        person["idNumber"] = String(F.personID.dropLast()) + (F.personID.last == "1" ? "2" : "1")
        let found = DoublePublicityFields.penalty.validate(person, today: today)
        #expect(found["idNumber"]?.hasPrefix("“证件号码”不是有效的居民身份证号：第18位校验码应为") == true)
        person["idType"] = "护照"
        person["idNumber"] = "E12345678"
        #expect(DoublePublicityFields.penalty.validate(person, today: today) == [:])
    }

    @Test("SPEC P7.1: enumeration values must be allowed ones, several allowed only for 处罚类别")
    func enumerations() {
        #expect(problems { $0["penaltyCategory"] = "警告；罚金" }["penaltyCategory"]?.hasPrefix("“处罚类别”不能为“罚金”，可选值：警告、通报批评、罚款") == true)
        #expect(problems { $0["counterpartyCategory"] = "企业" }["counterpartyCategory"] != nil)
        #expect(problems({ $0["licenceCategory"] = "普通；特许" }, schema: .licensing)["licenceCategory"] != nil)
        #expect(problems({ $0["licenceCategory"] = "特许" }, schema: .licensing) == [:])
    }

    @Test("SPEC P7.2: 有效期至 before 有效期自 is refused; unknown keys are reported, not dropped")
    func crossFieldAndUnknownKeys() {
        let reversed = problems({ $0["validTo"] = "2026-01-01" }, schema: .licensing)
        #expect(reversed == ["validTo": "“有效期至”不能早于“有效期自”"])
        let typo = problems { $0["fineAmont"] = "3" }
        #expect(typo == ["fineAmont": "“fineAmont”不是行政处罚信息的字段"])
    }
}
