import Foundation

/// 居民身份证号: the 18-character citizen identity number of a natural person (GB 11643-1999),
/// validated with its check character and birth date. // SPEC X4
///
/// Layout (1-based positions): 1–6 address code (GB/T 2260), 7–14 birth date `YYYYMMDD`, 15–17
/// sequence code (odd for men, even for women), 18 check character — ISO 7064 MOD 11-2 over the
/// first 17 digits, where the value 10 is written `X`.
///
/// A resident ID number is personal data: `description`, `debugDescription` and the mirror show
/// only the masked form (`PersonalDataMask.maskIdentityNumber`), so interpolating or dumping the
/// value into a log or a page cannot leak it. Use `value` deliberately when the full number is
/// needed (storage, the counterparty's own documents).
public struct ResidentIdentityNumber: Hashable, Sendable,
    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let length = 18

    /// No living counterparty was born earlier; a 18xx date is a typo, not a person. GB 11643
    /// itself sets no lower bound, so this is a plausibility rule of ours.
    public static let earliestBirthDate = CivilDate(year: 1900, month: 1, day: 1)!

    /// The full number in canonical form: 17 digits and a digit or upper-case `X`.
    public let value: String
    /// The birth date from positions 7–14.
    public let birthDate: CivilDate

    /// Validates `text` and keeps its canonical form.
    ///
    /// `today` is a parameter, not read from a clock, so the future-birth-date rule is testable
    /// and a caller decides which day "today" is (Asia/Shanghai, `CivilDate(Date())`).
    /// Surrounding white space is ignored; a lower-case `x` and full-width digits are accepted and
    /// normalised. Checks run from left to right in the order a person would look — length,
    /// characters, address code, birth date, check character — so that a typo inside the birth
    /// date is reported as a date problem at positions 7–14 rather than as a bare check failure.
    public init(_ text: String, today: CivilDate) throws(IdentifierError) {
        let characters = Identifier.normalisedCharacters(text)
        guard characters.count == Self.length else {
            throw IdentifierError(.wrongLength(actual: characters.count), identifierKind: .residentID)
        }
        var digits: [Int] = []
        digits.reserveCapacity(17)
        for (index, character) in characters.enumerated() {
            let position = index + 1
            let normalised = character.normalised
            if let digit = Identifier.asciiDigit(normalised), position != 1 || (1...8).contains(digit) {
                digits.append(digit)
            } else if position == 18, normalised == "X" {
                digits.append(10)
            } else {
                // Position 1 must be 1–8: the regions of GB/T 2260 (and 81–83 for the
                // Hong Kong, Macao and Taiwan residence permits that share this format).
                throw IdentifierError(
                    .characterNotAllowed(position: position, character: character.typed),
                    identifierKind: .residentID)
            }
        }

        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard let birthDate = CivilDate(year: year, month: month, day: day) else {
            let raw = String(characters[6..<14].map(\.normalised))
            throw IdentifierError(.birthDateNotADate(digits: raw), identifierKind: .residentID)
        }
        guard birthDate <= today else {
            throw IdentifierError(.birthDateInFuture(birthDate: birthDate, today: today), identifierKind: .residentID)
        }
        guard birthDate >= Self.earliestBirthDate else {
            throw IdentifierError(.birthDateTooEarly(birthDate: birthDate), identifierKind: .residentID)
        }

        let expected = Self.checkValue(digits[0..<17])
        guard expected == digits[17] else {
            throw IdentifierError(
                .checkCharacterMismatch(expected: Self.character(ofValue: expected), actual: characters[17].normalised),
                identifierKind: .residentID)
        }
        self.value = String(characters.map(\.normalised))
        self.birthDate = birthDate
    }

    /// True when `text` is a valid resident ID number on `today`.
    public static func isValid(_ text: String, today: CivilDate) -> Bool {
        (try? ResidentIdentityNumber(text, today: today)) != nil
    }

    /// The check character for the first 17 digits, or nil when `first17` is not 17 ASCII digits.
    /// Lets fixtures and tests build valid numbers.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap(Identifier.asciiDigit)
        guard first17.count == 17, digits.count == 17 else { return nil }
        return character(ofValue: checkValue(digits[...]))
    }

    /// The address code (positions 1–6), a GB/T 2260 region code.
    public var addressCode: String { String(value.prefix(6)) }

    /// The form that may be published (SPEC X4).
    public var masked: String { PersonalDataMask.maskIdentityNumber(value) }

    public var description: String { masked }
    public var debugDescription: String { "ResidentIdentityNumber(\(masked))" }
    public var customMirror: Mirror { Mirror(self, children: ["masked": masked], displayStyle: .struct) }

    // MARK: - Check arithmetic (GB 11643-1999 §8, ISO 7064 MOD 11-2)

    /// Weights 2^(17−i) mod 11 for 0-based positions i = 0…16: 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, …
    static let weights: [Int] = (0..<17).map { index in
        (0..<(17 - index)).reduce(1) { power, _ in power * 2 % 11 }
    }

    /// a18 = (12 − (Σ a_i × W_i mod 11)) mod 11, where 10 is written `X`.
    static func checkValue(_ digits: ArraySlice<Int>) -> Int {
        var sum = 0
        for (offset, digit) in digits.enumerated() { sum += digit * weights[offset] }
        return (12 - sum % 11) % 11
    }

    static func character(ofValue value: Int) -> Character {
        value == 10 ? "X" : Character(String(value))
    }
}
