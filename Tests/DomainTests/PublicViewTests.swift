import Domain
import Foundation
import Testing

// SPEC X4: published text masks natural persons (name and ID number), never legal persons.
// SPEC P9.3, P7.5, P7.1: a withdrawn, expired or withheld publication shows no content.

@Suite("PublicView — SPEC X4 masking and what the public may see")
struct PublicViewTests {
    typealias F = PublicityFixtures

    func value(_ view: PublicView, _ key: String) -> String? {
        view.fields.first { $0.key == key }?.value
    }

    @Test("SPEC X4: a legal person's name and USCC are shown in full")
    func legalPersonNotMasked() throws {
        let view = try #require(PublicView(try F.publishedPenalty()))
        #expect(view.status == .published)
        #expect(view.hasContent)
        #expect(value(view, "counterpartyName") == "上海某某化工有限公司")
        #expect(value(view, "usccCode") == F.companyUSCC)
        #expect(value(view, "legalRepresentative") == "王建国")
        #expect(view.counterpartyName == "上海某某化工有限公司")
        #expect(view.counterpartyIdentifier == F.companyUSCC)
        #expect(view.fields.first?.label == "行政相对人名称")
        #expect(view.responsibleUnit == "执法大队")
        #expect(view.responsiblePerson == "陈明")
    }

    @Test("SPEC X4: a natural person's name and ID number are masked in their fields and in free text")
    func naturalPersonMasked() throws {
        let view = try #require(PublicView(try F.publishedPenalty(fields: F.naturalPersonPenaltyFields())))
        let masked = "310107************"  // issue 12 item 6: the address code only
        #expect(value(view, "counterpartyName") == "李**")
        #expect(value(view, "idNumber") == masked)
        #expect(view.counterpartyName == "李**")
        #expect(view.counterpartyIdentifier == masked)
        // The facts named the person and their number: both are masked there too.
        let facts = try #require(value(view, "violationFacts"))
        #expect(!facts.contains("李小明"))
        #expect(!facts.contains(F.personID))
        #expect(facts.hasPrefix("李**（身份证号\(masked)）"))
        // Nothing anywhere in the view carries the full name or number.
        let everything = view.fields.map(\.value).joined() + (view.title ?? "")
        #expect(!everything.contains("李小明") && !everything.contains(F.personID))
    }

    @Test("SPEC X4: the counterparty record alone is enough to mask, even if the category field says otherwise")
    func counterpartyRecordDecides() throws {
        var fields = F.penaltyFields()
        fields["counterpartyName"] = "赵大海"
        let person = Counterparty(kind: .naturalPerson, name: "赵大海", identifier: F.personID, address: "上海市普陀区某路1号")
        let view = try #require(PublicView(try F.publishedPenalty(fields: fields, counterparty: person)))
        #expect(value(view, "counterpartyName") == "赵**")
        #expect(view.counterpartyIdentifier == PersonalDataMask.maskIdentityNumber(F.personID))
    }

    @Test("SPEC X4: a legal representative's identity number is always masked")
    func legalRepresentativeNumberMasked() throws {
        var fields = F.penaltyFields()
        fields["legalRepresentativeIDType"] = "身份证"
        fields["legalRepresentativeIDNumber"] = F.personID
        let view = try #require(PublicView(try F.publishedPenalty(fields: fields)))
        #expect(value(view, "legalRepresentativeIDNumber") == PersonalDataMask.maskIdentityNumber(F.personID))
        #expect(value(view, "counterpartyName") == "上海某某化工有限公司")
    }

    @Test("SPEC P9.3: a withdrawn publication says when, and shows no content at all")
    func withdrawnShowsNoContent() throws {
        let published = try F.publishedPenalty()
        let withdrawn = try PublicationWorkflow.withdraw(
            published, reason: "上海某某化工有限公司的处罚决定被撤销", by: F.brigadeLeader, at: F.shanghai("2026-05-13")).publication
        let view = try #require(PublicView(withdrawn))
        #expect(view.status == .withdrawn(on: F.day("2026-05-13")))
        #expect(!view.hasContent)
        #expect(view.title == nil)
        #expect(view.fields.isEmpty)
        #expect(view.history.isEmpty)
        #expect(view.counterpartyName == nil && view.counterpartyIdentifier == nil)
        #expect(view.status.chineseName == "已撤下")
    }

    @Test("SPEC P7.5, P7.1: expired and withheld publications show no content; drafts have no public view")
    func noContentStates() throws {
        let expired = try PublicationWorkflow.expire(try F.publishedPenalty(), at: F.shanghai("2027-02-13")).publication
        let expiredView = try #require(PublicView(expired))
        #expect(expiredView.status == .expired && !expiredView.hasContent && expiredView.fields.isEmpty)

        let withheld = try F.publishedPenalty(
            fields: [:], disclosure: .withheld(legalBasis: "《政府信息公开条例》第十四条", reason: "涉及国家秘密"))
        let withheldView = try #require(PublicView(withheld))
        #expect(withheldView.status == .withheld(legalBasis: "《政府信息公开条例》第十四条"))
        #expect(!withheldView.hasContent && withheldView.title == nil)

        let draft = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-02-12")).publication
        #expect(PublicView(draft) == nil)
    }

    @Test("SPEC P9.1: a corrected publication shows the new content and the history with the reason, masked")
    func correctedHistory() throws {
        let published = try F.publishedPenalty(fields: F.naturalPersonPenaltyFields())
        let v1 = try #require(published.publishedVersion)
        var fields = F.naturalPersonPenaltyFields()
        fields["fineAmount"] = "3"
        let proposed = try PublicationWorkflow.proposeCorrection(
            published,
            with: F.version(2, fields: fields, by: F.brigadeLeader, supersedes: v1.id, correctionReason: "李小明的罚款金额录入错误"),
            by: F.brigadeLeader, at: F.shanghai("2026-03-02", 9))
        let corrected = try PublicationWorkflow.correct(proposed.publication, by: F.legalB, at: F.shanghai("2026-03-02", 10)).publication
        let view = try #require(PublicView(corrected))
        #expect(view.status == .corrected)
        #expect(value(view, "fineAmount") == "3")
        #expect(view.history.map(\.versionNumber) == [1, 2])
        #expect(view.history.map(\.publishedOn) == [F.day("2026-02-13"), F.day("2026-03-02")])
        #expect(view.history.last?.correctionReason == "李**的罚款金额录入错误")
        #expect(view.history.first?.correctionReason == nil)
        #expect(view.versionID == corrected.publishedVersionID)
    }
}
