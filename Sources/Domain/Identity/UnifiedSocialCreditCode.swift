import Foundation

/// 统一社会信用代码: the 18-character code of a legal person or other organisation
/// (GB 32100-2015), validated with its check character. // SPEC X4
///
/// Layout (1-based positions): 1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码 (digits),
/// 9–17 主体标识码 (the GB 11714 organisation code), 18 the check character. Characters come from
/// the 31-character set `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z — they are too easily
/// confused with 1, 0, 5, U and 2). The check is ISO 7064-style MOD 31: weights 3^(i−1) mod 31.
///
/// Positions 9–17 carry their own GB 11714 check character (position 17). Every real code we
/// sampled satisfies it (including the post-2015 `MA…` codes), but it is deliberately **not**
/// enforced: real, registered codes are known to have been issued outside the rules — some Xiamen
/// codes from before 2016, such as `91350203M0001QKT19`, even fail the position-18 check
/// (hutool issues #2020 and #4119) — so we cannot be certain that no real code breaks the older
/// rule, and refusing a real company's code would stop an enforcement record from being filed.
/// Little is lost: GB 32100's own check character already catches every single-character
/// substitution. (Codes like the Xiamen ones are refused here, as SPEC X4 requires.)
public struct UnifiedSocialCreditCode: Hashable, Sendable, CustomStringConvertible {
    /// The 31 characters a USCC may use, in value order (the index of a character is its value).
    public static let alphabet: String = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    public static let length = 18

    /// The code in canonical form: 18 ASCII characters, letters upper-case.
    public let value: String

    /// Validates `text` and keeps its canonical form.
    ///
    /// Surrounding white space is ignored, lower-case letters and full-width characters
    /// (as typed with a Chinese input method) are accepted and normalised; anything else that is
    /// not a USCC is refused with the first thing that is wrong.
    public init(_ text: String) throws(IdentifierError) {
        let characters = Identifier.normalisedCharacters(text)
        guard characters.count == Self.length else {
            throw IdentifierError(.wrongLength(actual: characters.count), identifierKind: .uscc)
        }
        var values: [Int] = []
        values.reserveCapacity(Self.length)
        for (index, character) in characters.enumerated() {
            let position = index + 1
            guard let value = Self.value(of: character.normalised),
                  !(3...8).contains(position) || value < 10 else {
                throw IdentifierError(
                    .characterNotAllowed(position: position, character: character.typed), identifierKind: .uscc)
            }
            values.append(value)
        }
        let expected = Self.checkValue(values[0..<17])
        guard expected == values[17] else {
            throw IdentifierError(
                .checkCharacterMismatch(
                    expected: Self.character(ofValue: expected), actual: characters[17].normalised),
                identifierKind: .uscc)
        }
        self.value = String(characters.map(\.normalised))
    }

    /// True when `text` is a valid USCC.
    public static func isValid(_ text: String) -> Bool {
        (try? UnifiedSocialCreditCode(text)) != nil
    }

    /// The check character for the first 17 characters, or nil when `first17` is not 17 characters
    /// of the USCC alphabet. Lets fixtures and tests build valid codes.
    public static func checkCharacter(for first17: String) -> Character? {
        let values = first17.compactMap { value(of: $0) }
        guard first17.count == 17, values.count == 17 else { return nil }
        return character(ofValue: checkValue(values[...]))
    }

    /// 登记管理部门码 (position 1), e.g. `9` for market regulation (工商).
    public var registrationAuthorityCode: Character { value[value.startIndex] }
    /// 机构类别码 (position 2), e.g. `1` for an enterprise under market regulation.
    public var organisationCategoryCode: Character { value[value.index(after: value.startIndex)] }
    /// 登记管理机关行政区划码 (positions 3–8), a GB/T 2260 region code.
    public var registrationRegionCode: String { String(value.dropFirst(2).prefix(6)) }
    /// 主体标识码 (positions 9–17), the GB 11714 organisation code.
    public var subjectIdentifier: String { String(value.dropFirst(8).prefix(9)) }
    /// The check character (position 18).
    public var checkCharacter: Character { value[value.index(before: value.endIndex)] }

    /// A USCC identifies a legal person, so it is published in full (SPEC X4).
    public var description: String { value }

    // MARK: - Check arithmetic (GB 32100-2015 §5)

    /// Weights W_i = 3^(i−1) mod 31 for i = 1…17, precomputed.
    static let weights: [Int] = {
        var weight = 1
        return (0..<17).map { _ in defer { weight = weight * 3 % 31 }; return weight }
    }()

    /// C18 = 31 − (Σ value_i × W_i mod 31), where 31 stands for 0.
    static func checkValue(_ values: ArraySlice<Int>) -> Int {
        var sum = 0
        for (offset, value) in values.enumerated() { sum += value * weights[offset] }
        return (31 - sum % 31) % 31
    }

    static func value(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        return asciiValues[Int(ascii)]
    }

    static func character(ofValue value: Int) -> Character {
        alphabetCharacters[value]
    }

    private static let alphabetCharacters: [Character] = Array(alphabet)

    /// ASCII code → value, nil for characters outside the alphabet.
    private static let asciiValues: [Int?] = {
        var table = [Int?](repeating: nil, count: 128)
        for (value, character) in alphabet.enumerated() { table[Int(character.asciiValue!)] = value }
        return table
    }()
}
