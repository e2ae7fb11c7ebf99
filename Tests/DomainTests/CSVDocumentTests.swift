import Domain
import Testing

// Issue 12 item 12: exports opened in a spreadsheet never run what someone typed as a formula.

@Suite("CSVDocument — formula injection (issue 12 item 12)")
struct CSVDocumentTests {
    @Test("a field a spreadsheet would run as a formula gets a leading apostrophe")
    func formulas() {
        #expect(CSVDocument.field("=HYPERLINK(\"http://evil.example\",\"点此\")") == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点此\"\")\"")
        #expect(CSVDocument.field("+86-21-1234") == "'+86-21-1234")
        #expect(CSVDocument.field("-1+1") == "'-1+1")
        #expect(CSVDocument.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVDocument.field("\t=1") == "'\t=1")
    }

    @Test("ordinary text, numbers and dates are unchanged")
    func ordinary() {
        #expect(CSVDocument.field("上海某某有限公司") == "上海某某有限公司")
        #expect(CSVDocument.field("2") == "2")
        #expect(CSVDocument.field("2026-12-06") == "2026-12-06")
        #expect(CSVDocument.field("a=b") == "a=b")
    }
}
