import Foundation

/// A document record as one self-contained, printable HTML page (no external style or script), in
/// its template's field order: what the staff page prints to PDF (`DocumentPDF`) and what an archive
/// package keeps beside the record's canonical JSON (issue 10 item 7, issue 14 item 2).
public enum DocumentRendition {
    public static func html(title: String, bureau: String, caseNumber: String, fields: [(label: String, value: String)]) -> String {
        let rows = fields.map { "<tr><th>\(escape($0.label))</th><td>\(escape($0.value))</td></tr>" }.joined()
        return """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title><style>
        body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 12pt; margin: 20mm; }
        h1 { text-align: center; font-size: 20pt; margin: 0 0 4mm; } p.meta { text-align: center; margin: 0 0 8mm; }
        table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #333; padding: 3mm; vertical-align: top; }
        th { width: 28%; text-align: left; font-weight: 600; } td { white-space: pre-wrap; }
        </style></head><body><h1>\(escape(title))</h1><p class="meta">\(escape(bureau)) · 案件编号 \(escape(caseNumber))</p>
        <table>\(rows)</table></body></html>
        """
    }

    /// The document's fields in template order, labelled; values of unknown keys follow, sorted.
    public static func fields(of record: Record) -> (title: String, fields: [(label: String, value: String)]) {
        let values = record.documentValues ?? [:]
        guard let template = record.templateID.flatMap(DocumentTemplate.named) else {
            return (record.templateID ?? record.kind.chineseName, values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        let known = Set(template.fields.map(\.key))
        let ordered = template.fields.compactMap { field in values[field.key].map { (label: field.label, value: $0) } }
        let extra = values.filter { !known.contains($0.key) }.sorted { $0.key < $1.key }.map { (label: $0.key, value: $0.value) }
        return (template.title, ordered + extra)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
