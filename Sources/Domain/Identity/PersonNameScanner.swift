import Foundation

/// Finds a person's name in free text however it was typed (SPEC X4; issue 12 item 4): with spaces
/// or a middle dot inside (`祁 安然`, `买买提 · 艾力`), in full-width Latin letters or another case
/// (`ＪＯＨＮ　Ｓｍｉｔｈ`). Both the name and the text are folded the same way before they are
/// compared, and the match is mapped back to the characters as written, so the masked text keeps
/// everything around the name.
public enum PersonNameScanner {
    /// Every place `name` occurs in `text`, left to right, not overlapping; none for a name that
    /// folds to fewer than two characters (a one-character "name" would mask that character
    /// everywhere).
    public static func ranges(of name: String, in text: String) -> [Range<String.Index>] {
        let needle = name.compactMap(fold)
        guard needle.count >= 2 else { return [] }
        // A Chinese name's first character is written only one way: absent, the name is absent.
        if let first = name.first(where: { fold($0) != nil }), !first.isASCII, first.unicodeScalars.first.map({ $0.value < 0xFF01 || $0.value > 0xFF5E }) == true,
           !text.contains(first) {
            return []
        }
        let haystack = text.indices.compactMap { index in fold(text[index]).map { (index: index, character: $0) } }
        var result: [Range<String.Index>] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if (0..<needle.count).allSatisfy({ haystack[i + $0].character == needle[$0] }) {
                let last = haystack[i + needle.count - 1].index
                result.append(haystack[i].index..<text.index(after: last))
                i += needle.count
            } else {
                i += 1
            }
        }
        return result
    }

    /// `text` with every occurrence of `name` replaced by `PersonalDataMask.maskName` of what was
    /// written there (`祁 安然` → `祁 **`).
    public static func masking(_ name: String, in text: String) -> String {
        var result = text
        for range in ranges(of: name, in: text).reversed() {
            result.replaceSubrange(range, with: PersonalDataMask.maskName(String(text[range])))
        }
        return result
    }

    /// `text` as names are compared in it: separators and white space dropped, width and case folded.
    public static func folded(_ text: String) -> String {
        String(text.compactMap(fold))
    }

    /// One character as compared: nil for white space and the separators of transliterated names,
    /// full-width ASCII folded to half-width, letters lower-cased.
    static func fold(_ character: Character) -> Character? {
        if character.isWhitespace || "·•．・\u{30FB}\u{FF65}-‐".contains(character) { return nil }
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return character }
        var folded = character
        if (0xFF01...0xFF5E).contains(scalar.value), let half = Unicode.Scalar(scalar.value - 0xFEE0) {
            folded = Character(half)
        }
        // Case matters for Latin names only; lower-casing every character would cost more than the match.
        guard folded.isASCII, folded.isUppercase, let lower = folded.lowercased().first else { return folded }
        return lower
    }
}
