import Domain
import Foundation
import Testing

// Issue 12 item 4 (SPEC X4): masking normalises before it matches and finds every resident ID
// number in free text, registered or not, in any spelling, and every known natural person's name;
// it leaves case numbers, amounts and legal persons' codes alone. No database here.

@Suite("Identity-number masking — issue 12 item 4, SPEC X4")
struct IdentityNumberMaskingTests {
    typealias F = PublicityFixtures

    /// The number of the issue: 31010819881119102X (a valid check character).
    static let number = "31010819881119102X"
    static let masked = "310108************"

    /// The same number as people type it.
    static let spellings: [String] = [
        "31010819881119102X",
        "31010819881119102x",
        "３１０１０８１９８８１１１９１０２Ｘ",
        "３１０１０８１９８８１１１９１０２ｘ",
        "3101 0819 8811 1910 2X",
        "310108-19881119-102x",
        "310108.19881119.102X",
        "310108　1988１１19　102Ｘ",
        "3 1 0 1 0 8 1 9 8 8 1 1 1 9 1 0 2 X",
    ]

    static func facts(_ spelling: String) -> String { "当事人祁安然（身份证号\(spelling)）违规存放。" }

    // MARK: - The scanner

    @Test("every spelling of an 18-digit number is found and folded to one form", arguments: spellings)
    func findsEverySpelling(_ spelling: String) {
        let matches = IdentityNumberScanner.matches(in: Self.facts(spelling))
        #expect(matches.map(\.normalised) == [Self.number])
        #expect(String(Self.facts(spelling)[matches[0].range]) == spelling)
    }

    @Test("a number with a wrong check character, an unregistered one and a 15-digit one are found too")
    func malformedAndOldNumbers() {
        #expect(IdentityNumberScanner.matches(in: "身份证310108198811191021，另").map(\.normalised) == ["310108198811191021"])
        #expect(IdentityNumberScanner.matches(in: "旧证号310108881119102。").map(\.normalised) == ["310108881119102"])
        #expect(IdentityNumberScanner.matches(in: "甲440524200001010011乙").count == 1)
    }

    @Test("longer digit runs, case numbers, amounts, dates and phone numbers are not ID numbers")
    func boundaries() {
        let notNumbers = [
            "流水号3101081988111910234",           // 19 digits: something else
            "编号9931010819881119102X",             // 20 characters, digits before
            "案号普应急罚〔2026〕000123号",
            "档案号2026-0001-0002-000123",           // 18 digits in groups, no province code
            "罚款人民币100000.00元，1,234,567,890,123元",
            "2026-03-02 10:00，电话138-1234-5678",
            "31010819881119102X5",                  // X not last
            "统一社会信用代码91310107MA1FL8X91H",
        ]
        for text in notNumbers {
            #expect(IdentityNumberScanner.matches(in: text).isEmpty, "\(text)")
        }
    }

    @Test("a number typed right next to another figure is still found, the figure is kept")
    func numberBesideAnotherFigure() {
        let text = "身份证号310108198811191023 1人"
        let matches = IdentityNumberScanner.matches(in: text)
        #expect(matches.map(\.normalised) == ["310108198811191023"])
    }

    // MARK: - The masker on a version (PublicContent, every public surface's source)

    func naturalPersonVersion(facts: String, rule: PublicMaskingRule? = .current, otherPersons: [String]? = nil) -> PublicationVersion {
        var fields = F.naturalPersonPenaltyFields()
        fields["counterpartyName"] = "祁安然"
        fields["idNumber"] = Self.number
        fields["violationFacts"] = facts
        return PublicationVersion(
            publicationID: F.publicationID, number: 1, kind: .penaltyDecision, title: "普应急罚〔2026〕12号 行政处罚决定",
            fields: fields, responsibility: F.brigade, disclosure: .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
            draftedBy: F.officer.userID, draftedAt: F.shanghai("2026-02-12"), maskingRule: rule, otherPersonNames: otherPersons)
    }

    /// Every digit of the content, folded: what a reader could recover in any spelling.
    func foldedText(_ content: PublicContent) throws -> String {
        IdentityNumberScanner.fold(String(decoding: try content.canonicalBytes(), as: UTF8.self))
    }

    @Test("the issue's facts in every spelling are published masked, with the name", arguments: spellings)
    func factsMasked(_ spelling: String) throws {
        let content = PublicContent(naturalPersonVersion(facts: Self.facts(spelling)))
        #expect(content.value("violationFacts") == "当事人祁**（身份证号\(Self.masked)）违规存放。")
        #expect(content.value("idNumber") == Self.masked)
        let everything = try foldedText(content)
        #expect(!everything.contains("31010819881119102"))
        #expect(!everything.contains("19881119"))
        #expect(!everything.contains("祁安然"))
    }

    @Test("an unregistered person's number in the facts of a legal person's decision is masked; the USCC is not")
    func unregisteredNumberInLegalPersonDecision() throws {
        var fields = F.penaltyFields()
        fields["violationFacts"] = "该公司（\(F.companyUSCC)）安排工人（身份证号３１０１０８１９８８１１１９１０２ｘ）无证作业。"
        let content = PublicContent(F.version(1, fields: fields))
        #expect(content.value("violationFacts") == "该公司（\(F.companyUSCC)）安排工人（身份证号\(Self.masked)）无证作业。")
        #expect(content.value("usccCode") == F.companyUSCC)
        #expect(content.value("legalRepresentative") == "王建国")
    }

    @Test("an all-digit USCC in free text stays public; an ID number that is also a valid USCC is masked")
    func allDigitUSCC() throws {
        // An all-digit USCC that is not also a valid ID number.
        let digitsUSCC = try #require((0..<100).lazy.map { F.uscc("913100001322014" + String(format: "%02d", $0)) }
            .first { $0.allSatisfy(\.isNumber) && ResidentIdentityNumber.checkCharacter(for: String($0.prefix(17))) != $0.last })
        var fields = F.penaltyFields()
        fields["violationFacts"] = "其上级单位（统一社会信用代码\(digitsUSCC)）。"
        let content = PublicContent(F.version(1, fields: fields))
        #expect(content.value("violationFacts") == "其上级单位（统一社会信用代码\(digitsUSCC)）。")
        // A valid ID number is masked even where the USCC check happens to pass too.
        fields["violationFacts"] = "工人\(Self.number)。"
        #expect(PublicContent(F.version(1, fields: fields)).value("violationFacts") == "工人\(Self.masked)。")
    }

    @Test("other natural persons known in the case are masked in free text, however spaced; the legal representative is not")
    func otherPersonsMasked() throws {
        var fields = F.penaltyFields()
        fields["violationFacts"] = "王建国签收。工人张 小 龙、证人ＪＯＨＮ Smith在场，张小龙未持证。"
        let version = PublicationVersion(
            publicationID: F.publicationID, number: 1, kind: .penaltyDecision, title: "处罚决定", fields: fields,
            responsibility: F.brigade, disclosure: .publish(legalBasis: "依据"), draftedBy: F.officer.userID,
            draftedAt: F.shanghai("2026-02-12"), otherPersonNames: ["张小龙", "John Smith", "王建国"])
        let facts = try #require(PublicContent(version).value("violationFacts"))
        #expect(facts == "王建国签收。工人张 * *、证人Ｊ*** *****在场，张**未持证。")
    }

    @Test("the masked form is stable: masking masked text changes nothing (idempotent)")
    func idempotent() throws {
        let once = PublicContent(naturalPersonVersion(facts: Self.facts(Self.spellings[2])))
        let again = PublicContent(naturalPersonVersion(facts: try #require(once.value("violationFacts"))))
        #expect(once.value("violationFacts") == again.value("violationFacts"))
    }

    // MARK: - Versions stored before issue 12

    @Test("a version stored before issue 12 reads as the old rule, and its ledger content is what the old rule made")
    func legacyVersionKeepsItsDigest() throws {
        let legacy = naturalPersonVersion(facts: Self.facts("31010819881119102x"), rule: nil)
        // Stored JSON without the rule decodes as the old rule.
        let encoder = JSONEncoder()
        let json = try #require(String(data: try encoder.encode(legacy), encoding: .utf8))
        #expect(!json.contains("maskingRule"))
        let decoded = try JSONDecoder().decode(PublicationVersion.self, from: Data(json.utf8))
        #expect(decoded.masking == .exactCopies)
        // The ledgered content: exact copies only, first 6 and last 4 (what the leaf was hashed over).
        let ledgered = PublicContent(decoded)
        #expect(ledgered.value("idNumber") == "310108********102X")
        #expect(ledgered.value("violationFacts") == "当事人祁**（身份证号31010819881119102x）违规存放。")
        // What every surface shows: the lower-case copy is masked on read, in the old format.
        let shown = PublicContent.shown(decoded)
        #expect(shown.value("violationFacts") == "当事人祁**（身份证号310108********102X）违规存放。")
        #expect(shown.value("idNumber") == "310108********102X")
        // A version without anything the old rule missed shows exactly what it ledgered.
        let clean = naturalPersonVersion(facts: "当事人祁安然违规存放。", rule: nil)
        #expect(try PublicContent.shown(clean).canonicalBytes() == PublicContent(clean).canonicalBytes())
    }

    // MARK: - At rest (issue 12 item 3)

    @Test("a version at rest holds no form of the number; the name stays for staff")
    func redactedAtRest() throws {
        var version = naturalPersonVersion(facts: Self.facts(Self.spellings[3]))
        version = PublicationVersion(
            publicationID: version.publicationID, number: 1, kind: version.kind, title: "祁安然 31010819881119102x",
            fields: version.fields, responsibility: version.responsibility, disclosure: version.disclosure,
            counterparty: Counterparty(kind: .naturalPerson, name: "祁安然", identifier: Self.number, address: "普陀区"),
            draftedBy: version.draftedBy, draftedAt: version.draftedAt, correctionReason: "更正 3101 0819 8811 1910 2X")
        let redacted = IdentityNumberRedaction.redacted(version)
        let json = IdentityNumberScanner.fold(String(decoding: try JSONEncoder().encode(redacted), as: UTF8.self))
        #expect(!json.contains("31010819881119102"))
        #expect(redacted.counterparty?.identifier == Self.masked)
        #expect(redacted.fields["idNumber"] == Self.masked)
        #expect(redacted.fields["violationFacts"] == "当事人祁安然（身份证号\(Self.masked)）违规存放。")
        #expect(IdentityNumberRedaction.redacted(redacted) == redacted)
        // The stored masked number passes the 双公示 check: it was checked when typed.
        #expect(redacted.problems(today: F.day("2026-02-12"))["idNumber"] == nil)
    }

    @Test("a wrong number is refused when typed, since it is stored masked")
    func typedNumberChecked() {
        var fields = F.naturalPersonPenaltyFields()
        fields["idNumber"] = "310108198811191021"
        #expect(PublicationIdentityCheck.problems(fields, today: F.day("2026-02-12"))["idNumber"] != nil)
        fields["idNumber"] = "31010819881119102x"
        #expect(PublicationIdentityCheck.problems(fields, today: F.day("2026-02-12")).isEmpty)
        fields["idNumber"] = Self.masked
        #expect(PublicationIdentityCheck.problems(fields, today: F.day("2026-02-12")).isEmpty)
        // Stars alone are not a masked number: the 双公示 check refuses them at submission.
        #expect(!IdentityNumberRedaction.isMaskedIdentityNumber(String(repeating: "*", count: 18)))
    }

    // MARK: - Lookups (issue 12 item 6)

    @Test("an ID-number search is recognised in any spelling; names and USCCs are not ID numbers")
    func lookupShape() {
        #expect(IdentityNumberScanner.isIdentityNumberShaped("３１０１０８１９８８１１１９１０２ｘ"))
        #expect(IdentityNumberScanner.isIdentityNumberShaped("310108881119102"))
        #expect(!IdentityNumberScanner.isIdentityNumberShaped("祁安然"))
        #expect(!IdentityNumberScanner.isIdentityNumberShaped(F.companyUSCC))
        #expect(IdentityNumberLookupLimit.standard.allows(attempts: 10))
        #expect(!IdentityNumberLookupLimit.standard.allows(attempts: 11))
    }
}
