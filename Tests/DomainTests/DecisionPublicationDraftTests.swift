import Domain
import Foundation
import Testing

/// Drafts filled from the case file and the officer record, so nothing is typed twice (issue 5 item 1).
@Suite struct DecisionPublicationDraftTests {
    typealias F = PublicityFixtures

    @Test("a penalty decision's draft takes the counterparty, the decision document and the bureau")
    func fromCaseFile() {
        let company = Counterparty(kind: .legalPerson, name: "上海某某化工有限公司", identifier: F.companyUSCC, address: "普陀区")
        let enforcementCase = EnforcementCase(
            number: "普应急罚〔2026〕12号", title: "未按规定培训", kind: .penalty, counterpartyID: company.id,
            unitID: F.id(201), openedOn: F.day("2026-01-20"))
        let (title, fields) = DecisionPublicationDraft.fields(
            case: enforcementCase, counterparty: company,
            decision: ["documentNumber": "普应急罚〔2026〕12号", "factsAndEvidence": "未培训", "penaltyBasis": "安全生产法第九十七条",
                       "penalty": "罚款人民币35000元", "fineAmount": "35000", "decidedOn": "2026-02-12"],
            bureauName: "上海市普陀区应急管理局", bureauUSCC: F.bureauUSCC)
        #expect(title == "普应急罚〔2026〕12号 行政处罚决定")
        #expect(fields["usccCode"] == F.companyUSCC && fields["counterpartyCategory"] == "法人及非法人组织")
        #expect(fields["fineAmount"] == "3.5" && fields["penaltyCategory"] == "罚款")
        #expect(fields["decisionDate"] == "2026-02-12" && fields["authorityUSCC"] == F.bureauUSCC)
        #expect(DecisionPublicationDraft.publicationKind(for: .levyRequisition) == nil)
    }

    @Test("a natural person's draft carries the ID fields, which the public view masks")
    func naturalPerson() {
        let person = Counterparty(kind: .naturalPerson, name: "李小明", identifier: F.personID, address: "普陀区")
        let enforcementCase = EnforcementCase(
            number: "普应急罚〔2026〕13号", title: "无证经营", kind: .penalty, counterpartyID: person.id,
            unitID: F.id(201), openedOn: F.day("2026-01-20"))
        let (_, fields) = DecisionPublicationDraft.fields(
            case: enforcementCase, counterparty: person, decision: nil, bureauName: "局", bureauUSCC: F.bureauUSCC)
        #expect(fields["counterpartyCategory"] == "自然人" && fields["idNumber"] == F.personID && fields["usccCode"] == nil)
    }

    @Test("SPEC P5: an officer's certificate item lists only certificates valid today")
    func officerCertificate() {
        let valid = Certificate(number: "A1", issuer: "上海市人民政府", scope: "安全生产", validFrom: F.day("2024-01-01"), validTo: F.day("2028-12-31"))
        let expired = Certificate(number: "B2", issuer: "上海市人民政府", scope: "安全生产", validFrom: F.day("2019-01-01"), validTo: F.day("2023-12-31"))
        let officer = Officer(name: "王建华", unitID: F.id(201), certificates: [valid, expired])
        let (title, fields) = OfficerCertificateDraft.fields(officer: officer, unitName: "执法大队", today: F.day("2026-11-30"))
        #expect(title == "王建华 执法人员及执法证")
        #expect(fields["执法证号"] == "A1" && fields["officerId"] == officer.id.uuidString.lowercased())
    }
}
