import Foundation

/// A uniform document format (统一文书格式, SPEC R4) and the fields it requires.
///
/// SPEC R4 makes the text record the basic form of recording and asks that it be complete, clear,
/// accurate and timely. A template knows its fields in the order the paper form prints them, which
/// are required, and what kind of value each takes, so an electronic document can be checked before
/// it is stored and an incomplete one shows up as a finding (`ComplianceCheck`, SPEC R14).
/// The catalogue is in `DocumentTemplate+Catalogue.swift`.
public struct DocumentTemplate: Hashable, Sendable, Codable, Identifiable {
    /// The kind of value a field takes, which decides how it is entered and checked.
    public enum FieldKind: String, CaseIterable, Hashable, Sendable, Codable {
        /// One line of text.
        case text = "text"
        /// A calendar date, `YYYY-MM-DD`.
        case date = "date"
        /// A date and time, `YYYY-MM-DDTHH:MM[:SS]` (Asia/Shanghai unless a `Z` or `±HH:MM` offset
        /// is given), as an HTML `datetime-local` input sends it.
        case dateTime = "date-time"
        /// Several lines of text (检查情况, 问答).
        case multiline = "multiline"
        /// A non-negative decimal number, e.g. an amount in yuan: `20000` or `1500.50`.
        case number = "number"

        public var chineseName: String {
            switch self {
            case .text: "文本"
            case .date: "日期"
            case .dateTime: "日期时间"
            case .multiline: "多行文本"
            case .number: "数字"
            }
        }

        /// What a well-formed value looks like, for messages.
        var example: String {
            switch self {
            case .text, .multiline: ""
            case .date: "2026-11-29"
            case .dateTime: "2026-11-29T09:30"
            case .number: "20000 或 1500.50"
            }
        }
    }

    /// One field of the form.
    public struct Field: Hashable, Sendable, Codable {
        /// Stable English key used in stored values and the API.
        public var key: String
        /// The label printed on the form.
        public var label: String
        public var required: Bool
        public var kind: FieldKind

        public init(_ key: String, _ label: String, required: Bool = true, kind: FieldKind = .text) {
            self.key = key
            self.label = label
            self.required = required
            self.kind = kind
        }
    }

    /// One problem with a filled-in document, as data and as a Chinese message.
    public struct FieldProblem: Hashable, Sendable {
        public enum Reason: Hashable, Sendable {
            /// A required field is empty or only white space.
            case requiredEmpty
            /// A date, date-time or number field holds something that is not one.
            case malformed(FieldKind)
            /// A key the template does not have.
            case unknownKey
        }

        public var key: String
        public var reason: Reason
        public var message: String

        public init(key: String, reason: Reason, message: String) {
            self.key = key
            self.reason = reason
            self.message = message
        }
    }

    /// Stable slug, e.g. `on-site-inspection-record`.
    public var id: String
    /// The document's title, e.g. 现场检查记录.
    public var title: String
    /// Fields in the order the form prints them.
    public var fields: [Field]

    public init(id: String, title: String, fields: [Field]) {
        self.id = id
        self.title = title
        self.fields = fields
    }

    public func field(_ key: String) -> Field? { fields.first { $0.key == key } }

    public var requiredFields: [Field] { fields.filter(\.required) }

    /// Every problem with `values`: template fields in form order, then unknown keys sorted.
    /// A blank optional field is fine and is not format-checked.
    public func problems(values: [String: String]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for field in fields {
            let value = (values[field.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if field.required {
                    problems.append(FieldProblem(
                        key: field.key, reason: .requiredEmpty,
                        message: "“\(field.label)”为必填项，不能为空"))
                }
                continue
            }
            if !Self.isWellFormed(value, as: field.kind) {
                problems.append(FieldProblem(
                    key: field.key, reason: .malformed(field.kind),
                    message: "“\(field.label)”应为\(field.kind.chineseName)，格式如 \(field.kind.example)，实为“\(value)”"))
            }
        }
        let known = Set(fields.map(\.key))
        for key in values.keys.filter({ !known.contains($0) }).sorted() {
            problems.append(FieldProblem(
                key: key, reason: .unknownKey, message: "该文书式样没有“\(key)”这一项"))
        }
        return problems
    }

    /// Field key → Chinese message for every required field that is empty, every malformed date,
    /// date-time or number, and every unknown key; empty when the document is complete (SPEC R4).
    public func validate(values: [String: String]) -> [String: String] {
        Dictionary(problems(values: values).map { ($0.key, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a trimmed, non-empty `value` is well formed for `kind`.
    public static func isWellFormed(_ value: String, as kind: FieldKind) -> Bool {
        switch kind {
        case .text, .multiline: true
        case .date: CivilDate(iso: value) != nil
        case .dateTime: parseDateTime(value) != nil
        case .number: isDecimal(value)
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for `T`) with an optional `Z` or `±HH:MM`;
    /// without an offset the time is Asia/Shanghai (ARCHITECTURE "Time").
    public static func parseDateTime(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let hour = number(11..<13), hour < 24, let minute = number(14..<16), minute < 60 else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let parsed = number(index + 1..<index + 3), parsed < 60 else { return nil }
            second = parsed
            index += 3
        }
        var offsetSeconds = 8 * 3600
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"):
                offsetSeconds = 0
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index + 6 <= bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                      let hours = number(index + 1..<index + 3), hours <= 14,
                      let minutes = number(index + 4..<index + 6), minutes < 60 else { return nil }
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index += 6
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let local = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offsetSeconds))
    }

    /// Digits, optionally a point and more digits: `20000`, `1500.50`. No sign, no separators.
    static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
