import Foundation

/// A validated identifier of a counterparty: a USCC for a legal person, a resident ID number for
/// a natural person (SPEC X4). Also decides which kind a bare code claims to be, for input
/// fields and the CLI that accept either.
public enum Identifier: Hashable, Sendable {
    case uscc(UnifiedSocialCreditCode)
    case residentID(ResidentIdentityNumber)

    public var kind: IdentifierKind {
        switch self {
        case .uscc: .uscc
        case .residentID: .residentID
        }
    }

    /// The full canonical value. For a resident ID this is personal data: publish `publicText`.
    public var value: String {
        switch self {
        case .uscc(let code): code.value
        case .residentID(let number): number.value
        }
    }

    /// What may be published: a USCC in full, a resident ID number masked (SPEC X4).
    public var publicText: String {
        switch self {
        case .uscc(let code): code.value
        case .residentID(let number): number.masked
        }
    }

    /// Validates `text` as the kind the caller expects — use this when the counterparty's kind is
    /// known (`IdentifierKind(for:)`), so an error is always about the right standard.
    public static func parse(_ text: String, as kind: IdentifierKind, today: CivilDate) throws(IdentifierError) -> Identifier {
        switch kind {
        case .uscc: .uscc(try UnifiedSocialCreditCode(text))
        case .residentID: .residentID(try ResidentIdentityNumber(text, today: today))
        }
    }

    /// Decides which kind `text` is and validates it.
    ///
    /// Both kinds are 18 characters and an all-digit USCC is possible (Huawei's is
    /// `914403001922038216`), so the shape alone cannot decide. Instead the text is validated as
    /// both, and:
    /// - if only one passes, that is the kind;
    /// - if both pass (rare: about 1 in 31 digit strings that are valid resident ID numbers also
    ///   carry a valid USCC check character), it is a **resident ID** — the privacy-safe
    ///   choice, because a resident ID is masked when published while a USCC is not, so the
    ///   wrong guess this way round hides a company's code instead of exposing a person's;
    /// - if neither passes, the error reported is the one for the more plausible kind
    ///   (`looksLikeResidentID`), so the message talks about the standard the person had in mind.
    public static func parse(_ text: String, today: CivilDate) throws(IdentifierError) -> Identifier {
        let characters = normalisedCharacters(text)
        guard characters.count == UnifiedSocialCreditCode.length else {
            throw IdentifierError(.wrongLength(actual: characters.count), identifierKind: nil)
        }
        let residentError: IdentifierError
        do {
            return .residentID(try ResidentIdentityNumber(text, today: today))
        } catch {
            residentError = error
        }
        let usccError: IdentifierError
        do {
            return .uscc(try UnifiedSocialCreditCode(text))
        } catch {
            usccError = error
        }
        throw looksLikeResidentID(characters) ? residentError : usccError
    }

    /// The kind `text` validly is, or why it is neither; the CLI prints `valid: <kind.name>` or
    /// `invalid: <error>`. See `parse(_:today:)` for how the kind is decided.
    public static func check(_ text: String, today: CivilDate) -> Result<IdentifierKind, IdentifierError> {
        do {
            return .success(try parse(text, today: today).kind)
        } catch {
            return .failure(error)
        }
    }

    /// An invalid 18-character code is taken to be a resident ID number when it has the shape of
    /// one — 17 digits, a first digit 1–8 (GB/T 2260 regions), and a year at positions 7–10 that
    /// starts with 18, 19 or 20 (18 so that a 19th-century typo gets the birth-date message).
    /// A USCC's positions 7–8 are the end of its registration region code, which is `00` for
    /// every province and city, so this rarely misjudges one. The month and day are not looked
    /// at, so that a typo there is still reported as a birth-date problem.
    static func looksLikeResidentID(_ characters: [TypedCharacter]) -> Bool {
        let digits = characters.prefix(17).compactMap { asciiDigit($0.normalised) }
        guard digits.count == 17, (1...8).contains(digits[0]) else { return false }
        let century = digits[6] * 10 + digits[7]
        return (18...20).contains(century)
    }

    // MARK: - Input normalisation shared by both kinds

    /// A character as the person typed it (for messages) and in canonical form (for checking).
    struct TypedCharacter: Hashable, Sendable {
        let typed: Character
        let normalised: Character
    }

    /// The characters of `text` without surrounding white space, each with its canonical form:
    /// full-width ASCII (as a Chinese input method produces, e.g. `１`, `Ｘ`) becomes ASCII, and
    /// lower-case ASCII letters become upper-case. Both standards use upper-case ASCII only, so a
    /// lower-case or full-width code can only mean its canonical form: this forgives the typing
    /// without guessing. Messages still quote the character as typed.
    static func normalisedCharacters(_ text: String) -> [TypedCharacter] {
        text.trimmingCharacters(in: .whitespacesAndNewlines).map { character in
            TypedCharacter(typed: character, normalised: canonical(character))
        }
    }

    static func canonical(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, var value = scalars.first?.value else { return character }
        if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }  // full-width → ASCII
        if (0x61...0x7A).contains(value) { value -= 0x20 }  // a–z → A–Z
        return Character(Unicode.Scalar(value)!)
    }

    /// 0–9 for an ASCII digit, else nil (`Character.wholeNumberValue` would also accept digits of
    /// other scripts, which neither standard allows).
    static func asciiDigit(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue, ascii >= 0x30, ascii <= 0x39 else { return nil }
        return Int(ascii - 0x30)
    }
}
