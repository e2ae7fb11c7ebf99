import Foundation

/// CSV as the bureau's readers open it (SPEC P10 report, P2 open data): RFC 4180 — fields separated
/// by commas, records ended by CRLF, a field quoted when it holds a comma, a double quote, CR or LF,
/// and a double quote inside a quoted field doubled — encoded as UTF-8 with a byte-order mark,
/// because Excel on Chinese Windows reads a CSV without one as GBK and shows the Chinese as mojibake.
///
/// Pure functions over strings; the header row is whatever the caller passes (Chinese for reports,
/// the national 双公示 names for 信用中国 exports).
public enum CSVDocument {
    /// The UTF-8 byte-order mark, EF BB BF.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One field, quoted when RFC 4180 requires it. A field that a spreadsheet would run as a
    /// formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading `'`
    /// (issue 12 item 12, OWASP "CSV injection"): a correction request or a counterparty name
    /// typed as `=HYPERLINK(…)` must not become a live link in the legal section's Excel.
    public static func field(_ value: String) -> String {
        let value = neutralisingFormula(value)
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func neutralisingFormula(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    /// One record, CRLF-terminated.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// The document without the byte-order mark: the header record, then the rows.
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(record).joined()
    }

    /// The document as bytes: byte-order mark, then `text(header:rows:)` in UTF-8.
    public static func data(header: [String], rows: [[String]]) -> Data {
        Data(byteOrderMark) + Data(text(header: header, rows: rows).utf8)
    }
}
