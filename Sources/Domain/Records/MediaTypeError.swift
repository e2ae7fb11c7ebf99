import Foundation

/// Why an uploaded file's type was refused (issue 4 item 3: the declared MIME type is checked
/// against the content's magic bytes; SPEC R4 and R1 for what each record form takes).
///
/// Match the case in code and tests, never the text; `message` is the one line in Simplified
/// Chinese for the uploader (the API's 415/422 problem `detail`).
public enum MediaTypeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The first bytes match no format in `MediaFormat`. `declared` is the normalised declared type,
    /// empty when none was declared.
    case unrecognizedContent(declared: String)
    /// The content is a known format, but not the one declared.
    case declaredTypeMismatch(declared: String, detected: DetectedMedia)
    /// The content is a known format that this record form does not take.
    case notAllowedForRecord(detected: DetectedMedia, form: RecordForm)

    /// One line, Simplified Chinese.
    public var message: String {
        switch self {
        case .unrecognizedContent(let declared):
            let formats = MediaFormat.allCases.map(\.shortName).joined(separator: "、")
            let claim = declared.isEmpty ? "" : "（声明的类型为 \(declared)）"
            return "无法识别文件内容的格式\(claim)，不予接收；可接收的格式：\(formats)"
        case .declaredTypeMismatch(let declared, let detected):
            return "声明的类型 \(declared) 与文件内容（\(detected.chineseName)）不符"
        case .notAllowedForRecord(let detected, .text):
            let formats = RecordForm.scanFormats.map(\.shortName).joined(separator: "、")
            return "文字记录只接受纸质文书扫描件（\(formats)），该文件为 \(detected.chineseName)"
        case .notAllowedForRecord(let detected, .media):
            return "音像记录只接受照片、音频和视音频，该文件为 \(detected.chineseName)"
        }
    }

    public var description: String { message }
}
