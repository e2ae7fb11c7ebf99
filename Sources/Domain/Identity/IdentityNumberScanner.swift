import Foundation

/// Finds resident identity numbers in free text however they were typed (SPEC X4; issue 12 item 4).
///
/// People type numbers the way their keyboard gives them: `31010819881119102x` with a lower-case x,
/// `３１０１０８…Ｘ` in full-width forms from a Chinese input method, `3101 0819 8811 1910 2X` in
/// groups, `310108-19881119-102X` with hyphens. All of them are the same personal data, so the
/// scanner folds width and case and lets short runs of separators sit between digit groups.
///
/// What it calls an identity number is the *shape* only — 17 digits and a digit or X (GB 11643),
/// or 15 digits (the first-generation number) — never the check character or the birth date: a
/// mistyped number is still a person's number. What it does not call one, so that case numbers and
/// amounts stay readable:
/// - a run of more digits (`3101081988111910234` — 19 digits — is something else), because a
///   number is found only between boundaries: no digit directly before or after it;
/// - digits joined by anything but a short run of spaces, hyphens or dots (`2026年…`, `100,000`);
/// - an X anywhere but last.
/// A chain of groups longer than a number (`2026-0001 310108198811191023`) is searched for groups
/// that together make exactly one number, so an ID typed next to another figure is still found;
/// a single group is never split.
public enum IdentityNumberScanner {
    /// One number found: where it is in the text and its folded spelling (`31010819881119102X`).
    public struct Match: Hashable, Sendable {
        public let range: Range<String.Index>
        public let normalised: String
    }

    /// The longest run of separators accepted between two digit groups.
    static let maximumSeparatorRun = 3

    /// The digit 0–9 a character stands for, in ASCII or full-width form.
    public static func digit(_ character: Character) -> Character? {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return character
        case 0xFF10...0xFF19: return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
        default: return nil
        }
    }

    /// Whether `character` is the check character X in any case or width (x, X, ｘ, Ｘ).
    public static func isCheckX(_ character: Character) -> Bool {
        character == "x" || character == "X" || character == "ｘ" || character == "Ｘ"
    }

    /// Characters people put inside a number: spaces (incl. ideographic and no-break), hyphens and
    /// dashes, dots, in ASCII and full-width forms.
    public static func isSeparator(_ character: Character) -> Bool {
        switch character {
        case " ", "\t", "\u{00A0}", "\u{3000}", "\u{2002}", "\u{2003}", "\u{2009}",
             "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{FF0D}", "\u{2212}",
             ".", "\u{FF0E}", "·", "・", "\u{FF65}":
            return true
        default:
            return false
        }
    }

    /// `text` folded the way the scanner reads a number: separators dropped, digits half-width,
    /// X upper-case — the form to compare or look up (`３１０１ ０８…ｘ` → `310108…X`). Other
    /// characters are kept as they are, upper-cased.
    public static func fold(_ text: String) -> String {
        var result = ""
        for character in text where !isSeparator(character) {
            if let digit = digit(character) { result.append(digit) }
            else if isCheckX(character) { result.append("X") }
            else { result += String(character).uppercased() }
        }
        return result
    }

    /// Whether `text`, folded, has the shape of a resident identity number: 17 digits and a digit or
    /// X, or 15 digits. Used to tell an ID-number search from a name search (issue 12 item 6).
    public static func isIdentityNumberShaped(_ text: String) -> Bool {
        isNumberShape(Array(fold(text)))
    }

    /// Every identity number in `text`, in order, not overlapping.
    public static func matches(in text: String) -> [Match] {
        // Most text holds no number at all: count digits on the scalars first, which is cheap.
        var digits = 0
        for scalar in text.unicodeScalars where (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value) {
            digits += 1
            if digits >= 15 { break }
        }
        guard digits >= 15 else { return [] }
        let characters = Array(text.indices.map { (index: $0, character: text[$0]) })
        let count = characters.count
        func isNumeral(_ i: Int) -> Bool { digit(characters[i].character) != nil || isCheckX(characters[i].character) }
        var found: [Range<Int>] = []
        var i = 0
        while i < count {
            // A chain starts at a digit with no digit (or X) directly before it.
            guard digit(characters[i].character) != nil, i == 0 || !isNumeral(i - 1) else { i += 1; continue }
            var groups: [Range<Int>] = []
            var j = i
            while true {
                let start = j
                while j < count, isNumeral(j) { j += 1 }
                groups.append(start..<j)
                // Another group follows after a short run of separators and begins with a digit
                // (or is the check character typed apart: `… 1 0 2 X`).
                var k = j
                while k < count, k - j < maximumSeparatorRun, isSeparator(characters[k].character) { k += 1 }
                guard k > j, k < count, isNumeral(k) else { break }
                j = k
            }
            found += chainMatches(groups, characters: characters)
            i = j
        }
        return found.map { match in
            Match(range: characters[match.lowerBound].index..<text.index(after: characters[match.upperBound - 1].index),
                  normalised: fold(String(text[characters[match.lowerBound].index...characters[match.upperBound - 1].index])))
        }
    }

    /// The numbers in one chain of digit groups, as character offsets: from the left, the longest
    /// run of whole groups that makes a number (18 before 15).
    private static func chainMatches(
        _ groups: [Range<Int>], characters: [(index: String.Index, character: Character)]
    ) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var s = 0
        while s < groups.count {
            var best: Int?
            var numerals: [Character] = []
            for e in s..<groups.count {
                numerals += groups[e].map { i in digit(characters[i].character) ?? "X" }
                if numerals.count > 18 { break }
                // Typed in groups, a number must also begin with a province that exists, so a
                // hyphenated case or file number of 18 digits (`2026-0001-0002-000123`) is left alone.
                if isNumberShape(numerals), e == s || hasProvinceCode(numerals) { best = e }
            }
            if let e = best {
                result.append(groups[s].lowerBound..<groups[e].upperBound)
                s = e + 1
            } else {
                s += 1
            }
        }
        return result
    }

    /// The province-level codes of GB/T 2260 that begin an identity number, and 91 (the permanent
    /// residence card for foreigners, which has the same shape).
    static let provinceCodes: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83", "91",
    ]

    static func hasProvinceCode(_ numerals: [Character]) -> Bool {
        numerals.count >= 2 && provinceCodes.contains(String(numerals[0..<2]))
    }

    /// 17 digits and a digit or X, or 15 digits.
    static func isNumberShape(_ numerals: [Character]) -> Bool {
        let isDigit: (Character) -> Bool = { $0 >= "0" && $0 <= "9" }
        switch numerals.count {
        case 18: return numerals.dropLast().allSatisfy(isDigit) && (isDigit(numerals[17]) || numerals[17] == "X")
        case 15: return numerals.allSatisfy(isDigit)
        default: return false
        }
    }
}
