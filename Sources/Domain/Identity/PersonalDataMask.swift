import Foundation

/// Masks natural persons' names and ID numbers in published text, never legal persons'
/// (SPEC X4: "Published text masks natural persons (name and ID number), never legal persons").
///
/// Every public surface (portal, open-data exports, 信用中国 outbox) goes through
/// `publicName(name:isNaturalPerson:)` and `publicIdentifier(_:isNaturalPerson:)`, so the rule
/// lives in one place. The functions are total: any input, valid or not, comes out masked, because
/// a malformed ID number is still personal data.
public enum PersonalDataMask {
    /// The one mask character, ASCII so that exports and fixed-width layouts stay simple.
    public static let maskCharacter: Character = "*"

    /// Multi-character surnames (复姓) kept whole by `maskName`: the compound surnames of the
    /// 百家姓 still in use, plus common Manchu/Xianbei ones. Longest match wins.
    public static let compoundSurnames: Set<String> = [
        "万俟", "司马", "上官", "欧阳", "夏侯", "诸葛", "闻人", "东方", "赫连", "皇甫",
        "尉迟", "公羊", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠",
        "公孙", "仲孙", "轩辕", "令狐", "钟离", "宇文", "长孙", "慕容", "鲜于", "闾丘",
        "司徒", "司空", "亓官", "司寇", "子车", "颛孙", "端木", "巫马", "公西", "漆雕",
        "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干", "百里", "东郭",
        "南门", "呼延", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "南宫", "第五",
        "公乘", "太史", "独孤", "贺兰", "完颜", "耶律", "呼衍",
        "爱新觉罗", "叶赫那拉",
    ]

    private static let longestSurname = compoundSurnames.map(\.count).max() ?? 2

    /// Keeps the surname and replaces every other character with `*`: 张三 → 张*, 王小明 → 王**,
    /// 欧阳娜娜 → 欧阳**, 司马光 → 司马*.
    ///
    /// - A compound surname is kept only when at least one character of the given name is left
    ///   to mask, so `欧阳` alone (more likely 欧 + 阳 than a bare surname) becomes `欧*`: a
    ///   two-character name always shows exactly one character, as any other would.
    /// - A one-character name becomes `*`: the whole name would be the "surname".
    /// - Separators of transliterated names (`·`, `•`, spaces, as in 买买提·艾力) are kept; the
    ///   name's first character is kept and every other letter masked.
    /// - Surrounding white space is dropped; an empty name stays empty.
    public static func maskName(_ name: String) -> String {
        let characters = Array(name.trimmingCharacters(in: .whitespacesAndNewlines))
        guard characters.count > 1 else { return characters.isEmpty ? "" : String(maskCharacter) }
        let kept = surnameLength(of: characters)
        var result = String(characters[0..<kept])
        for character in characters[kept...] {
            result.append(isSeparator(character) ? character : maskCharacter)
        }
        return result
    }

    /// How many leading characters are the surname: the longest compound surname that still
    /// leaves a character to mask, else one.
    private static func surnameLength(of characters: [Character]) -> Int {
        let limit = min(longestSurname, characters.count - 1)
        guard limit >= 2 else { return 1 }
        for length in stride(from: limit, through: 2, by: -1)
        where compoundSurnames.contains(String(characters[0..<length])) {
            return length
        }
        return 1
    }

    private static func isSeparator(_ character: Character) -> Bool {
        character == "·" || character == "•" || character == "．" || character == "・" || character.isWhitespace
    }

    /// How much of an identity number a mask keeps.
    public enum IdentityNumberFormat: Sendable, Hashable {
        /// Issue 12 item 6, current: keep the 6-digit address code only, mask the birth date, the
        /// sequence number and the check character — `310107************` (15 digits:
        /// `310107*********`). With the last four shown, the check character and sequence cut an
        /// unknown person down to the ~30,000 birth dates of a lifetime, and an estimate of the
        /// person's age to a few thousand, which a search by full ID number could try one by one.
        /// Masking all twelve leaves about 30,000 dates × 1,000 sequence numbers — some 30 million
        /// numbers per address code — and the search is throttled as well. The address code stays:
        /// it names a district, not a person, and lets a reader tell namesakes from different places
        /// apart.
        case addressCodeOnly
        /// Before issue 12: the address code and the last four — `310107********1239`. Kept only to
        /// recompute the ledger digests of versions published under it (`PublicMaskingRule.exactCopies`).
        case addressCodeAndLastFour
    }

    /// Masks an identity number so that it is never shown in full and never shows the birth date
    /// (SPEC X4), in `format` (the current one unless recomputing an old version's digest).
    /// - 18 characters (GB 11643) and 15 (first generation, birth date `YYMMDD` at 7–12): see
    ///   `IdentityNumberFormat`.
    /// - anything else (a passport or permit number, a typo): every character masked, since we
    ///   cannot tell which part identifies the person.
    /// The length is kept, so a reader can still see what kind of number it was.
    public static func maskIdentityNumber(_ number: String, format: IdentityNumberFormat = .addressCodeOnly) -> String {
        let characters = Array(number.trimmingCharacters(in: .whitespacesAndNewlines))
        let masked: Range<Int>
        switch (characters.count, format) {
        case (18, .addressCodeOnly), (15, .addressCodeOnly): masked = 6..<characters.count
        case (18, .addressCodeAndLastFour): masked = 6..<14
        case (15, .addressCodeAndLastFour): masked = 6..<12
        default: masked = 0..<characters.count
        }
        return String(characters.indices.map { masked.contains($0) ? maskCharacter : characters[$0] })
    }

    /// The name as it may be published: masked for a natural person, unchanged for a legal person
    /// or other organisation, whose name is public by law (SPEC X4).
    public static func publicName(name: String, isNaturalPerson: Bool) -> String {
        isNaturalPerson ? maskName(name) : name
    }

    /// The identifier as it may be published: a natural person's ID number masked, a legal
    /// person's USCC in full (SPEC X4).
    public static func publicIdentifier(_ identifier: String, isNaturalPerson: Bool) -> String {
        isNaturalPerson ? maskIdentityNumber(identifier) : identifier
    }
}
