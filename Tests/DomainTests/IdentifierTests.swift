import Domain
import Testing

// SPEC X4: USCC (GB 32100-2015) and resident ID numbers (GB 11643-1999) are validated with their
// check characters; invalid ones are refused with a message that says which character is wrong.

/// Pinned, so the future-birth-date rule does not depend on the day the tests run.
private let today = CivilDate(year: 2026, month: 3, day: 1)!

/// Real USCCs. Each passes the GB 32100 check below (a made-up code has a 1 in 31 chance) and
/// appears with its holder's name in public company registration listings (国家企业信用信息公示系统,
/// reproduced in many public repositories).
private let knownUSCCs: [String] = [
    "914403001922038216",  // 华为技术有限公司 (Shenzhen): all digits, organisation code 19220382-1
    "91330100716105852F",  // 阿里巴巴（中国）网络技术有限公司 (Hangzhou)
    "91110000802100433B",  // 北京百度网讯科技有限公司: organisation code 80210043-3
    "91110108551385082Q",  // 小米科技有限责任公司 (Beijing Haidian)
    "91310000132260250X",  // 上海汽车集团股份有限公司: check character X
    "91110000MA01N9JK2F",  // 国家集成电路产业投资基金二期股份有限公司: a post-2015 "MA" code
    "12100000425006133D",  // 华东师范大学: 机构编制 (1) / 事业单位 (2), not a company
    "913201911348723659",  // 南瑞集团有限公司 (Nanjing): all digits, and it even passes MOD 11-2
]

/// Resident ID numbers. Never a real person's: the first is the example printed in GB 11643-1999,
/// the others are built from it or from made-up parts with the reference check below.
private let knownResidentIDs: [String] = [
    "11010519491231002X",  // GB 11643-1999 example: 北京朝阳, born 1949-12-31, check X
    "310107199003071239",  // made up: 上海普陀, born 1990-03-07
    "440524200002290010",  // made up: born on a leap day, 2000-02-29
    "820000201001010010",  // made up: address 82 (Macao residence permits share the format)
]

/// A slow, literal transcription of the two standards' formulas, to check the fast code
/// (STYLE: "a slow, literal reference implementation … checks the fast code").
private enum Reference {
    static let usccAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    static func power(_ base: Int, _ exponent: Int, modulo: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result = result * base % modulo }
        return result
    }

    /// GB 32100-2015: C18 = 31 − mod(Σ C_i × W_i, 31), W_i = 3^(i−1) mod 31, 31 written as 0.
    static func usccCheck(_ first17: String) -> Character {
        let characters = Array(first17)
        var sum = 0
        for i in 1...17 {
            sum += usccAlphabet.firstIndex(of: characters[i - 1])! * power(3, i - 1, modulo: 31)
        }
        let check = 31 - sum % 31
        return usccAlphabet[check == 31 ? 0 : check]
    }

    /// GB 11643-1999 / ISO 7064 MOD 11-2: positions counted from the right (i = 18 … 2) carry
    /// W_i = 2^(i−1) mod 11; the check a1 satisfies Σ a_i × W_i ≡ 1 (mod 11); 10 is written X.
    static func residentCheck(_ first17: String) -> Character {
        let digits = first17.map { $0.wholeNumberValue! }
        var sum = 0
        for (offset, digit) in digits.enumerated() {
            let i = 18 - offset
            sum += digit * power(2, i - 1, modulo: 11)
        }
        let check = (12 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    static func residentID(_ first17: String) -> String { first17 + String(residentCheck(first17)) }
}

private func reason(_ result: Result<IdentifierKind, IdentifierError>) -> IdentifierError.Reason? {
    if case .failure(let error) = result { return error.reason }
    return nil
}

private func replacing(_ code: String, at offset: Int, with character: Character) -> String {
    var characters = Array(code)
    characters[offset] = character
    return String(characters)
}

@Suite("Identifiers (SPEC X4)")
struct IdentifierTests {

    // MARK: - Known valid codes

    @Test("real USCCs are accepted and detected as uscc", arguments: knownUSCCs)
    func knownUSCCIsValid(code: String) throws {
        let parsed = try UnifiedSocialCreditCode(code)

        #expect(parsed.value == code)
        #expect(parsed.checkCharacter == Reference.usccCheck(String(code.prefix(17))))
        #expect(Identifier.check(code, today: today) == .success(.uscc))
    }

    @Test("a USCC's parts are read from their positions")
    func usccParts() throws {
        let code = try UnifiedSocialCreditCode("914403001922038216")

        #expect(code.registrationAuthorityCode == "9")
        #expect(code.organisationCategoryCode == "1")
        #expect(code.registrationRegionCode == "440300")
        #expect(code.subjectIdentifier == "192203821")
        #expect(code.checkCharacter == "6")
        #expect("\(code)" == "914403001922038216")
    }

    @Test("resident ID numbers are accepted and detected as resident-id", arguments: knownResidentIDs)
    func knownResidentIDIsValid(number: String) throws {
        let parsed = try ResidentIdentityNumber(number, today: today)

        #expect(parsed.value == number)
        #expect(number.last == Reference.residentCheck(String(number.prefix(17))))
        #expect(Identifier.check(number, today: today) == .success(.residentID))
    }

    @Test("the GB 11643 example reads as born 1949-12-31 in 110105")
    func residentIDParts() throws {
        let number = try ResidentIdentityNumber("11010519491231002X", today: today)

        #expect(number.birthDate == CivilDate(year: 1949, month: 12, day: 31))
        #expect(number.addressCode == "110105")
    }

    @Test("the textbook example 440524188001010014 has a right check digit but is refused for its 1880 birth date")
    func textbookExampleBornBefore1900() {
        let number = "440524188001010014"

        let result = Identifier.check(number, today: today)

        #expect(number.last == Reference.residentCheck(String(number.prefix(17))))
        #expect(reason(result) == .birthDateTooEarly(birthDate: CivilDate(year: 1880, month: 1, day: 1)!))
        #expect(result.errorDescription == "出生日期过早：第7–14位为18800101，早于1900-01-01")
    }

    // MARK: - Exhaustive single-character substitutions

    @Test("every single-character substitution in a real USCC is refused", arguments: knownUSCCs)
    func everyUSCCSubstitutionIsRefused(code: String) {
        let allowed = Array(UnifiedSocialCreditCode.alphabet)
        let disallowed: [Character] = ["I", "O", "S", "V", "Z", "i", "o", "-", "#", "中", "Ｉ", "é"]
        var tried = 0
        var accepted: [String] = []

        for offset in 0..<18 {
            for candidate in allowed + disallowed where candidate != Array(code)[offset] {
                let mutated = replacing(code, at: offset, with: candidate)
                tried += 1
                if UnifiedSocialCreditCode.isValid(mutated) { accepted.append(mutated) }
                if Identifier.check(mutated, today: today) == .success(.uscc) { accepted.append("check: " + mutated) }
            }
        }

        #expect(tried == 18 * (30 + disallowed.count))
        #expect(accepted.isEmpty)
    }

    @Test("every single-character substitution in a resident ID number is refused", arguments: knownResidentIDs)
    func everyResidentIDSubstitutionIsRefused(number: String) {
        let allowed: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]
        let disallowed: [Character] = ["A", "I", "O", "Y", "-", " ", "中", "Ｙ", "٣"]
        var tried = 0
        var accepted: [String] = []

        for offset in 0..<18 {
            for candidate in allowed + disallowed where candidate != Array(number)[offset] {
                let mutated = replacing(number, at: offset, with: candidate)
                tried += 1
                if ResidentIdentityNumber.isValid(mutated, today: today) { accepted.append(mutated) }
                if Identifier.check(mutated, today: today) == .success(.residentID) { accepted.append("check: " + mutated) }
            }
        }

        #expect(tried == 18 * (10 + disallowed.count))
        #expect(accepted.isEmpty)
    }

    @Test("the fast check characters equal the literal formulas for every character at every position")
    func checkCharactersMatchReference() {
        var mismatches: [String] = []

        for code in knownUSCCs {
            for offset in 0..<17 {
                for candidate in UnifiedSocialCreditCode.alphabet {
                    let first17 = String(replacing(code, at: offset, with: candidate).prefix(17))
                    if UnifiedSocialCreditCode.checkCharacter(for: first17) != Reference.usccCheck(first17) {
                        mismatches.append(first17)
                    }
                }
            }
        }
        for number in knownResidentIDs {
            for offset in 0..<17 {
                for candidate in "0123456789" {
                    let first17 = String(replacing(number, at: offset, with: candidate).prefix(17))
                    if ResidentIdentityNumber.checkCharacter(for: first17) != Reference.residentCheck(first17) {
                        mismatches.append(first17)
                    }
                }
            }
        }

        #expect(mismatches.isEmpty)
        #expect(UnifiedSocialCreditCode.checkCharacter(for: "91440300192203821I") == nil)
        #expect(ResidentIdentityNumber.checkCharacter(for: "1101051949123100") == nil)
    }

    // MARK: - Error messages

    @Test("wrong length says how long it should be and is")
    func wrongLength() {
        #expect(throws: IdentifierError(.wrongLength(actual: 17), identifierKind: .uscc)) {
            try UnifiedSocialCreditCode("91440300192203821")
        }
        let result = Identifier.check("91440300192203821", today: today)
        #expect(reason(result) == .wrongLength(actual: 17))
        #expect(result.errorDescription == "长度应为18位，实为17位")
        #expect(reason(Identifier.check("", today: today)) == .wrongLength(actual: 0))
        #expect(reason(Identifier.check("110105491231002", today: today)) == .wrongLength(actual: 15))
    }

    @Test("a letter USCCs never use is named with its position")
    func usccExcludedLetter() {
        let result = Identifier.check("9144I3001922038216", today: today)

        #expect(reason(result) == .characterNotAllowed(position: 5, character: "I"))
        #expect(result.errorDescription == "第5位字符“I”不合法：统一社会信用代码不使用 I、O、S、V、Z")
    }

    @Test("the message quotes the character as typed, and the first wrong one")
    func usccCharacterAsTyped() {
        let result = Identifier.check("91440300192203821o", today: today)
        let twoBad = Identifier.check("91440300-922O38216", today: today)

        #expect(result.errorDescription == "第18位字符“o”不合法：统一社会信用代码不使用 I、O、S、V、Z")
        #expect(reason(twoBad) == .characterNotAllowed(position: 9, character: "-"))
        #expect(twoBad.errorDescription == "第9位字符“-”不合法：统一社会信用代码只使用数字和大写英文字母（不含 I、O、S、V、Z）")
        #expect(Identifier.check("9144ｉ3001922038216", today: today).errorDescription
            == "第5位字符“ｉ”不合法：统一社会信用代码不使用 I、O、S、V、Z")
    }

    @Test("a letter in the region code (positions 3–8) is refused")
    func usccRegionCodeDigits() {
        let result = Identifier.check("91A40300192203821L", today: today)

        #expect(reason(result) == .characterNotAllowed(position: 3, character: "A"))
        #expect(result.errorDescription == "第3位字符“A”不合法：统一社会信用代码第3–8位（登记管理机关行政区划码）应为数字")
    }

    @Test("a wrong USCC check character says what it should be")
    func usccCheckCharacter() {
        let result = Identifier.check("914403001922038217", today: today)

        #expect(reason(result) == .checkCharacterMismatch(expected: "6", actual: "7"))
        #expect(result.errorDescription == "第18位校验码应为6，实为7：统一社会信用代码的前17位或校验码有误")
    }

    @Test("a wrong resident ID check character says what it should be")
    func residentIDCheckCharacter() {
        let result = Identifier.check("110105194912310021", today: today)

        #expect(reason(result) == .checkCharacterMismatch(expected: "X", actual: "1"))
        #expect(result.errorDescription == "第18位校验码应为X，实为1：居民身份证号的前17位或校验码有误")
    }

    @Test("non-digits in a resident ID number are named with their position")
    func residentIDCharacters() {
        #expect(throws: IdentifierError(.characterNotAllowed(position: 17, character: "A"), identifierKind: .residentID)) {
            try ResidentIdentityNumber("1101051949123100AX", today: today)
        }
        let lastY = Identifier.check("11010519491231002Y", today: today)

        #expect(lastY.errorDescription == "第18位字符“Y”不合法：居民身份证号第18位应为数字或X")
        #expect(throws: IdentifierError(.characterNotAllowed(position: 1, character: "0"), identifierKind: .residentID)) {
            try ResidentIdentityNumber("010105194912310021", today: today)
        }
        #expect(
            IdentifierError(.characterNotAllowed(position: 1, character: "0"), identifierKind: .residentID).description
                == "第1位字符“0”不合法：居民身份证号第1–6位地址码的首位应为1–8")
        #expect(
            IdentifierError(.characterNotAllowed(position: 17, character: "A"), identifierKind: .residentID).description
                == "第17位字符“A”不合法：居民身份证号第1–17位应为数字")
    }

    @Test("an impossible birth date is reported as a date, even with a right check digit")
    func impossibleBirthDate() {
        let february30 = Reference.residentID("11010520250230001")
        let february29In1900 = Reference.residentID("11010519000229001")

        let result = Identifier.check(february30, today: today)

        #expect(reason(result) == .birthDateNotADate(digits: "20250230"))
        #expect(result.errorDescription == "第7–14位出生日期20250230不是有效日期")
        #expect(reason(Identifier.check(february29In1900, today: today)) == .birthDateNotADate(digits: "19000229"))
    }

    @Test("a birth date after today is in the future; today itself is not")
    func futureBirthDate() {
        let bornToday = Reference.residentID("11010520260301001")
        let bornTomorrow = Reference.residentID("11010520260302001")

        let result = Identifier.check(bornTomorrow, today: today)

        #expect(ResidentIdentityNumber.isValid(bornToday, today: today))
        #expect(reason(result) == .birthDateInFuture(birthDate: CivilDate(year: 2026, month: 3, day: 2)!, today: today))
        #expect(result.errorDescription == "出生日期在未来：第7–14位为20260302，今天是2026-03-01")
    }

    @Test("every message is a single line", arguments: [
        "1", "9144I3001922038216", "914403001922038217", "110105194912310021", "11010519491231002Y",
        "110105202502300010", "11010520300101001X", "440524188001010014", "91A40300192203821L",
    ])
    func messagesAreOneLine(code: String) {
        let message = Identifier.check(code, today: today).errorDescription

        #expect(message != nil)
        #expect(message?.contains("\n") == false)
    }

    // MARK: - Input forms

    @Test("lower-case x, lower-case letters, full-width digits and surrounding spaces are accepted and normalised")
    func normalisation() throws {
        let lowerX = try ResidentIdentityNumber("11010519491231002x", today: today)
        let fullWidth = try ResidentIdentityNumber("１１０１０５１９４９１２３１００２Ｘ", today: today)
        let lowerUSCC = try UnifiedSocialCreditCode(" 91110000ma01n9jk2f\n")

        #expect(lowerX.value == "11010519491231002X")
        #expect(fullWidth.value == "11010519491231002X")
        #expect(lowerUSCC.value == "91110000MA01N9JK2F")
        #expect(Identifier.check("　91330100716105852f　", today: today) == .success(.uscc))
    }

    // MARK: - Which kind

    @Test("an all-digit USCC whose positions 7–14 are no date is a USCC")
    func allDigitUSCC() {
        #expect(Identifier.check("914403001922038216", today: today) == .success(.uscc))
        // 南瑞集团's code also satisfies MOD 11-2, but 9 is no address code and 91134872 no date.
        #expect(Identifier.check("913201911348723659", today: today) == .success(.uscc))
    }

    @Test("a code valid as both kinds is taken as a resident ID, the kind that gets masked")
    func ambiguousCodeIsResidentID() {
        let both = "110105194912310409"

        #expect(UnifiedSocialCreditCode.isValid(both))
        #expect(ResidentIdentityNumber.isValid(both, today: today))
        #expect(Identifier.check(both, today: today) == .success(.residentID))
    }

    @Test("when neither kind fits, the error is about the kind the code resembles")
    func errorForPlausibleKind() {
        let idLike = Identifier.check("110105194912310021", today: today)
        let usccLike = Identifier.check("914403001922038217", today: today)

        #expect(idLike.errorKind == .residentID)
        #expect(usccLike.errorKind == .uscc)
    }

    @Test("validating against an expected kind reports that kind's error")
    func parseAsExpectedKind() throws {
        let natural = IdentifierKind(for: .naturalPerson)
        let legal = IdentifierKind(for: .legalPerson)

        let person = try Identifier.parse("11010519491231002X", as: natural, today: today)

        #expect(person.kind == .residentID)
        #expect(person.publicText == "110105************")
        #expect(legal == .uscc)
        #expect(throws: IdentifierError(.checkCharacterMismatch(expected: "B", actual: "X"), identifierKind: .uscc)) {
            try Identifier.parse("11010519491231002X", as: legal, today: today)
        }
    }

    @Test("kind names are stable for the CLI and exports")
    func kindNames() {
        #expect(IdentifierKind.uscc.name == "uscc")
        #expect(IdentifierKind.residentID.name == "resident-id")
        #expect(IdentifierKind(rawValue: "resident-id") == .residentID)
        #expect(IdentifierKind.residentID.chineseName == "居民身份证号")
    }

    @Test("a resident ID number prints masked, so logging it leaks nothing")
    func residentIDPrintsMasked() throws {
        let number = try ResidentIdentityNumber("11010519491231002X", today: today)

        #expect("\(number)" == "110105************")
        #expect(!String(reflecting: number).contains("19491231"))
        var dumped = ""
        dump(number, to: &dumped)
        #expect(!dumped.contains("19491231"))
    }
}

fileprivate extension Result where Failure == IdentifierError {
    var errorDescription: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }

    var errorKind: IdentifierKind? {
        if case .failure(let error) = self { return error.identifierKind }
        return nil
    }
}
