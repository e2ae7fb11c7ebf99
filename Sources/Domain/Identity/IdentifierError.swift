import Foundation

/// Why a USCC or resident ID number was refused (SPEC X4: "refused with a message that says which
/// character is wrong").
///
/// `reason` is for code and tests (match the case, never the text); `description` is the one-line
/// message in Simplified Chinese shown to the person who typed the code. Messages name the
/// 1-based position and quote the character as it was typed, so the person can find it.
public struct IdentifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, as data.
    public enum Reason: Hashable, Sendable {
        /// Not 18 characters long (surrounding white space is not counted).
        case wrongLength(actual: Int)
        /// The character at `position` (1-based) may not stand there; `character` is as typed.
        case characterNotAllowed(position: Int, character: Character)
        /// Every character is allowed, but the 18th is not the check character of the first 17.
        case checkCharacterMismatch(expected: Character, actual: Character)
        /// Positions 7–14 of a resident ID number are not a real calendar date (e.g. `20250230`).
        case birthDateNotADate(digits: String)
        /// Positions 7–14 of a resident ID number are a date after `today`.
        case birthDateInFuture(birthDate: CivilDate, today: CivilDate)
        /// Positions 7–14 of a resident ID number are a date before 1900-01-01
        /// (`ResidentIdentityNumber.earliestBirthDate`).
        case birthDateTooEarly(birthDate: CivilDate)
    }

    /// The kind the text was judged against; nil when it could not be told (wrong length while
    /// detecting the kind, where the message is the same for both).
    public let identifierKind: IdentifierKind?
    public let reason: Reason

    public init(_ reason: Reason, identifierKind: IdentifierKind?) {
        self.reason = reason
        self.identifierKind = identifierKind
    }

    /// One line, Simplified Chinese, saying exactly what is wrong.
    public var description: String {
        switch reason {
        case .wrongLength(let actual):
            return "长度应为\(UnifiedSocialCreditCode.length)位，实为\(actual)位"
        case .characterNotAllowed(let position, let character):
            return "第\(position)位字符“\(character)”不合法：" + characterRule(position: position, character: character)
        case .checkCharacterMismatch(let expected, let actual):
            let message = "第18位校验码应为\(expected)，实为\(actual)"
            guard let kind = identifierKind else { return message }
            return message + "：\(kind.chineseName)的前17位或校验码有误"
        case .birthDateNotADate(let digits):
            return "第7–14位出生日期\(digits)不是有效日期"
        case .birthDateInFuture(let birthDate, let today):
            return "出生日期在未来：第7–14位为\(Self.compact(birthDate))，今天是\(today)"
        case .birthDateTooEarly(let birthDate):
            return "出生日期过早：第7–14位为\(Self.compact(birthDate))，早于\(ResidentIdentityNumber.earliestBirthDate)"
        }
    }

    /// The rule the character broke, so the message explains rather than only points.
    private func characterRule(position: Int, character: Character) -> String {
        switch identifierKind {
        case .uscc:
            if "IOSVZ".contains(Identifier.canonical(character)) {
                return "统一社会信用代码不使用 I、O、S、V、Z"
            }
            if (3...8).contains(position) {
                return "统一社会信用代码第3–8位（登记管理机关行政区划码）应为数字"
            }
            return "统一社会信用代码只使用数字和大写英文字母（不含 I、O、S、V、Z）"
        case .residentID:
            if position == 1, character.isASCII, character.isNumber {
                return "居民身份证号第1–6位地址码的首位应为1–8"
            }
            if position == 18 {
                return "居民身份证号第18位应为数字或X"
            }
            return "居民身份证号第1–17位应为数字"
        case nil:
            return "此处不允许该字符"
        }
    }

    /// `YYYYMMDD`, the form the digits take inside the number.
    private static func compact(_ date: CivilDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}
