import Domain
import Testing

// SPEC X4: published text masks natural persons (name and ID number), never legal persons.

@Suite("Personal data masking (SPEC X4)")
struct PersonalDataMaskTests {

    // MARK: - Names

    @Test("the surname stays, every other character becomes *", arguments: [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧阳**"),
        ("司马光", "司马*"),
        ("诸葛亮", "诸葛*"),
        ("上官婉儿", "上官**"),
        ("爱新觉罗·溥仪", "爱新觉罗·**"),
        ("买买提·艾力", "买**·**"),
        (" 李四 ", "李*"),
    ])
    func maskName(name: String, expected: String) {
        #expect(PersonalDataMask.maskName(name) == expected)
    }

    @Test("a one-character name is fully masked; an empty one stays empty")
    func shortNames() {
        #expect(PersonalDataMask.maskName("张") == "*")
        #expect(PersonalDataMask.maskName("") == "")
    }

    @Test("a two-character name that spells a compound surname still hides one character")
    func twoCharacterCompoundSurname() {
        #expect(PersonalDataMask.maskName("欧阳") == "欧*")
        #expect(PersonalDataMask.maskName("司马") == "司*")
    }

    @Test("every compound surname is kept whole and never reveals the given name")
    func everyCompoundSurname() {
        var wrong: [String] = []

        for surname in PersonalDataMask.compoundSurnames {
            let name = surname + "晓明"
            let masked = PersonalDataMask.maskName(name)
            if masked != surname + "**" { wrong.append("\(name) → \(masked)") }
        }

        #expect(!PersonalDataMask.compoundSurnames.isEmpty)
        #expect(wrong.isEmpty)
    }

    @Test("a masked name never equals the name and keeps its length")
    func maskedNameDiffers() {
        for name in ["张三", "王小明", "欧阳娜娜", "欧阳", "张", "John Smith"] {
            let masked = PersonalDataMask.maskName(name)
            #expect(masked != name)
            #expect(masked.count == name.count)
        }
    }

    // MARK: - Identity numbers

    @Test("an 18-digit ID number keeps the address code only: birth date, sequence and check hidden (issue 12 item 6)")
    func maskIdentityNumber() {
        #expect(PersonalDataMask.maskIdentityNumber("11010519491231002X") == "110105************")
        #expect(PersonalDataMask.maskIdentityNumber("310107199003071239") == "310107************")
    }

    @Test("the format before issue 12 (address code and last four) is kept for recomputing old ledger digests")
    func legacyFormat() {
        #expect(PersonalDataMask.maskIdentityNumber("11010519491231002X", format: .addressCodeAndLastFour) == "110105********002X")
        #expect(PersonalDataMask.maskIdentityNumber("110105491231002", format: .addressCodeAndLastFour) == "110105******002")
    }

    @Test("no masked ID number shows its birth date, for every day of a leap year")
    func birthDateNeverShown() {
        var leaked: [String] = []
        var day = CivilDate(year: 2000, month: 1, day: 1)!

        while day.year == 2000 {
            let birth = day.description.replacingOccurrences(of: "-", with: "")
            let first17 = "440524" + birth + "001"
            let number = first17 + String(ResidentIdentityNumber.checkCharacter(for: first17)!)
            let masked = PersonalDataMask.maskIdentityNumber(number)
            if masked.contains(birth) || masked.contains(String(birth.dropFirst(2))) || masked == number {
                leaked.append(masked)
            }
            #expect(Array(masked)[6..<18].allSatisfy { $0 == "*" })
            day = day.adding(days: 1)
        }

        #expect(leaked.isEmpty)
    }

    @Test("15-digit and unknown-format numbers are never shown in full")
    func otherFormats() {
        #expect(PersonalDataMask.maskIdentityNumber("110105491231002") == "110105*********")
        #expect(PersonalDataMask.maskIdentityNumber("E12345678") == "*********")
        #expect(PersonalDataMask.maskIdentityNumber("") == "")
    }

    // MARK: - Natural and legal persons

    @Test("a legal person's name and USCC are published unchanged")
    func legalPersonUnchanged() {
        let company = Counterparty(
            kind: .legalPerson, name: "华为技术有限公司", identifier: "914403001922038216", address: "深圳市龙岗区")
        let isNaturalPerson = company.kind == .naturalPerson

        #expect(PersonalDataMask.publicName(name: company.name, isNaturalPerson: isNaturalPerson) == "华为技术有限公司")
        #expect(PersonalDataMask.publicIdentifier(company.identifier, isNaturalPerson: isNaturalPerson)
            == "914403001922038216")
    }

    @Test("a natural person's name and ID number are masked")
    func naturalPersonMasked() {
        let person = Counterparty(
            kind: .naturalPerson, name: "欧阳娜娜", identifier: "11010519491231002X", address: "北京市朝阳区")
        let isNaturalPerson = person.kind == .naturalPerson

        #expect(PersonalDataMask.publicName(name: person.name, isNaturalPerson: isNaturalPerson) == "欧阳**")
        #expect(PersonalDataMask.publicIdentifier(person.identifier, isNaturalPerson: isNaturalPerson)
            == "110105************")
    }
}
