import Domain
import Foundation
import Ledger
import Testing

/// The public content of a version: masked, canonical, and the one source of every public surface
/// and of the ledger digest (SPEC X3, X4; issue 5 item 6).
@Suite struct PublicContentTests {
    typealias F = PublicityFixtures

    @Test("SPEC X4: the canonical content of a natural person's decision holds no full name or ID number")
    func canonicalContentIsMasked() throws {
        let version = F.version(1, fields: F.naturalPersonPenaltyFields())
        let content = PublicContent(version)
        let text = String(decoding: try content.canonicalBytes(), as: UTF8.self)
        #expect(!text.contains("李小明") && !text.contains(F.personID))
        #expect(content.counterpartyName == "李**")
        #expect(content.value("idNumber") == PersonalDataMask.maskIdentityNumber(F.personID))
        // The free-text facts are scrubbed too.
        #expect(content.value("violationFacts")?.contains("李**") == true)
    }

    @Test("the canonical content is RFC 8785 and its digest is what the ledger event carries")
    func canonicalDigestMatchesEvent() throws {
        let version = F.version(1)
        let content = PublicContent(version)
        let bytes = try content.canonicalBytes()
        #expect(try CanonicalJSON.encode(try CanonicalJSON.decode(bytes)) == bytes)
        let transition = PublicationTransition(
            publicationID: version.publicationID, kind: .published, from: .approved, to: .published,
            by: F.brigadeLeader, at: F.shanghai("2026-02-13"), versionID: version.id)
        let event = try DomainEvents.publicationTransition(transition, content: content)
        #expect(event.type == "publication.published")
        #expect(event.fields["contentSha256"]?.stringValue == (try content.sha256()))
        #expect(event.fields["state"]?.stringValue == "published")
        // One changed field changes the digest.
        var fields = F.penaltyFields()
        fields["fineAmount"] = "3.6"
        #expect(try PublicContent(F.version(1, id: version.id, fields: fields)).sha256() != (try content.sha256()))
    }

    @Test("SPEC P7.1: a withheld version's public content keeps the basis, never the reason")
    func withheldReasonIsNotPublic() throws {
        let version = F.version(1, disclosure: .withheld(legalBasis: "《政府信息公开条例》第十四条", reason: "涉及国家秘密的具体内容"))
        let text = String(decoding: try PublicContent(version).canonicalBytes(), as: UTF8.self)
        #expect(text.contains("第十四条") && !text.contains("国家秘密"))
    }

    @Test("双公示 fields come in the national order with their national labels")
    func nationalOrder() {
        let content = PublicContent(F.version(1))
        let keys = content.fields.map(\.key)
        let order = DoublePublicityFields.penalty.keys.filter { keys.contains($0) }
        #expect(Array(keys.prefix(order.count)) == order)
        #expect(content.fields.first { $0.key == "fineAmount" }?.label == "罚款金额（万元）")
    }

    @Test("open data: 双公示 kinds use the national column names; values are the masked ones")
    func openDataTable() {
        let table = OpenDataTable(kind: .penaltyDecision)
        #expect(table.header.contains("行政处罚决定书文号") && table.header.contains("罚款金额（万元）"))
        let row = table.row(PublicContent(F.version(1, fields: F.naturalPersonPenaltyFields())), status: "已公示",
                            date: F.day("2026-02-12"), publicityLastDay: F.day("2027-02-12"), url: "/publications/x")
        #expect(row.count == table.header.count)
        #expect(!row.joined().contains("李小明") && row.contains("李**"))
        let other = OpenDataTable(kind: .powerItem)
        #expect(other.header == ["标题", "日期", "公示状态", "公示截止期", "内容", "详情链接"])
    }

    @Test("issue 13 item 5 (a), SPEC P7.5: 公示截止期 is filled from the publicity period in every export row, never blank")
    func publicityDeadlineIsFilled() throws {
        let penalty = OpenDataTable(kind: .penaltyDecision)
        let column = try #require(penalty.header.firstIndex(of: "公示截止期"))
        let content = PublicContent(F.version(1, fields: F.penaltyFields()))
        let row = penalty.row(content, status: "已公示", date: F.day("2026-02-12"), publicityLastDay: F.day("2027-02-12"), url: "/p")
        #expect(row[column] == "2027-02-12")
        #expect(OpenDataTable.doublePublicityValues(content, publicityLastDay: F.day("2027-02-12"))?["公示截止期"] == "2027-02-12")
        // An item without an end says so rather than leaving the field empty.
        let power = OpenDataTable(kind: .powerItem)
        let open = power.row(PublicContent(F.version(1, kind: .powerItem, fields: ["事项类别": "行政检查"])), status: "已公示",
                             date: nil, publicityLastDay: nil, url: "/p")
        #expect(open[try #require(power.header.firstIndex(of: "公示截止期"))] == "长期")
    }

    @Test("a coercion decision drafted with 双公示 keys shows Chinese labels, not the keys")
    func coercionLabelsAreChinese() {
        let content = PublicContent(F.version(1, kind: .coercionDecision, fields: F.penaltyFields()))
        #expect(content.fields.first { $0.key == "violationFacts" }?.label == "违法事实")
        #expect(!content.fields.contains { $0.label == $0.key && $0.key.allSatisfy(\.isASCII) })
    }
}

