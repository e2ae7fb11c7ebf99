import Domain
import Testing

/// Words for the portal's full-text search (issue 5 item 6).
@Suite struct SearchTokensTests {
    @Test("Han text is indexed as characters and pairs; a query needs all its pairs")
    func hanBigrams() {
        let index = Set(SearchTokens.index(["安全生产培训"]).split(separator: " ").map(String.init))
        #expect(index.isSuperset(of: ["安", "全", "安全", "全生", "生产", "产培", "培训"]))
        let query = SearchTokens.query("安全生产")
        #expect(query.exact == ["安全", "全生", "生产"])
        #expect(Set(query.exact).isSubset(of: index))
        // A pair that is not in the text: "生产安全" needs 产安, which "安全生产培训" lacks.
        #expect(!Set(SearchTokens.query("生产安全").exact).isSubset(of: index))
        #expect(SearchTokens.query("罚").exact == ["罚"])
    }

    @Test("codes and numbers are lowercase words, looked up by prefix; full-width digits fold")
    func codesAndNumbers() {
        let index = SearchTokens.index(["91310107MA1G8R2K70 普应急罚〔２０２６〕12号"])
        #expect(index.split(separator: " ").contains("91310107ma1g8r2k70"))
        #expect(index.split(separator: " ").contains("2026"))
        #expect(SearchTokens.query("91310107MA1G").prefixes == ["91310107ma1g"])
    }

    @Test("punctuation separates, nothing is a query operator, and long queries are capped")
    func punctuationAndCap() {
        let query = SearchTokens.query("\"a\" OR b* (c) -d")
        #expect(query.prefixes == ["a", "or", "b", "c", "d"])
        #expect(SearchTokens.query(String(repeating: "安全生产", count: 20)).exact.count <= 16)
        #expect(SearchTokens.query("  ，。 ").isEmpty)
    }
}
