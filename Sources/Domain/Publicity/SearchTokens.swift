import Foundation

/// Turns text into the words the portal's full-text search indexes and looks up (issue 5 "full-text
/// search"), the same way on SQLite (FTS5) and PostgreSQL (`tsvector 'simple'`).
///
/// Chinese is written without spaces, and neither database's built-in tokenizer splits it into
/// words. So a run of Han characters is indexed as every single character and every pair of
/// neighbours (unigrams and bigrams); a query of two or more characters then looks up its pairs,
/// all of which must be present — "安全生产" finds text containing 安全, 全生 and 生产. Letters and
/// digits (credit codes, decision numbers) are indexed as lowercase words and looked up by prefix,
/// so a partial USCC finds its holder. Everything else separates words.
///
/// The text given here must already be the *public* text (`PublicContent`): the index is read by
/// public searches, so it must not hold a natural person's unmasked name (SPEC X4).
public enum SearchTokens {
    /// A query broken into what must match: whole tokens and prefixes.
    public struct Query: Hashable, Sendable {
        public let exact: [String]
        public let prefixes: [String]
        public var isEmpty: Bool { exact.isEmpty && prefixes.isEmpty }
    }

    /// The space-separated tokens to index for `texts`.
    public static func index(_ texts: [String]) -> String {
        var seen = Set<String>()
        var out: [String] = []
        for text in texts {
            for run in runs(text) {
                let tokens: [String]
                switch run {
                case .han(let characters):
                    tokens = characters.map(String.init) + bigrams(characters)
                case .word(let word):
                    tokens = [word]
                }
                for token in tokens where seen.insert(token).inserted { out.append(token) }
            }
        }
        return out.joined(separator: " ")
    }

    /// What a search for `text` looks up. Capped at 16 lookups so a pasted paragraph stays cheap.
    public static func query(_ text: String) -> Query {
        var exact: [String] = []
        var prefixes: [String] = []
        for run in runs(text) {
            switch run {
            case .han(let characters):
                exact += characters.count == 1 ? [String(characters)] : bigrams(characters)
            case .word(let word):
                prefixes.append(word)
            }
        }
        var seen = Set<String>()
        exact = exact.filter { seen.insert($0).inserted }
        prefixes = prefixes.filter { seen.insert($0).inserted }
        return Query(exact: Array(exact.prefix(16)), prefixes: Array(prefixes.prefix(max(0, 16 - exact.count))))
    }

    private enum Run {
        case han([Character])
        case word(String)
    }

    private static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var han: [Character] = []
        var word = ""
        func flush() {
            if !han.isEmpty { runs.append(.han(han)); han = [] }
            if !word.isEmpty { runs.append(.word(word)); word = "" }
        }
        for character in text.precomposedStringWithCompatibilityMapping {
            if isHan(character) {
                if !word.isEmpty { flush() }
                han.append(character)
            } else if character.isASCII && (character.isLetter || character.isNumber) {
                if !han.isEmpty { flush() }
                word.append(Character(character.lowercased()))
            } else {
                flush()
            }
        }
        flush()
        return runs
    }

    private static func bigrams(_ characters: [Character]) -> [String] {
        guard characters.count >= 2 else { return [] }
        return (0..<(characters.count - 1)).map { String(characters[$0]) + String(characters[$0 + 1]) }
    }

    /// CJK Unified Ideographs and Extension A — what Chinese names and legal text use.
    private static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
