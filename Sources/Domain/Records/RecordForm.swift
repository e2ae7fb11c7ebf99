import Foundation

/// The two forms a record takes (SPEC vocabulary: "a text record … or a media record"), as far as
/// uploaded files go: which detected formats each form accepts.
///
/// - A text record's upload is a scan of a signed paper document: PDF, JPEG or PNG only (SPEC R4;
///   issue 4 item 2). A camera photo in HEIC is not a scan a reviewer can rely on, and an archive
///   takes those three formats.
/// - A media record is a photo, audio or video (SPEC R1, R7); a PDF is never one.
public enum RecordForm: String, CaseIterable, Sendable, Codable {
    case text = "text"
    case media = "media"

    public var chineseName: String {
        switch self {
        case .text: "文字记录"
        case .media: "音像记录"
        }
    }

    /// The formats a scanned text record may have (SPEC R4).
    public static let scanFormats: [MediaFormat] = [.pdf, .jpeg, .png]

    /// Whether a file detected as `media` may be this form's content.
    public func accepts(_ media: DetectedMedia) -> Bool {
        switch self {
        case .text: Self.scanFormats.contains(media.format)
        case .media: media.kind != nil
        }
    }
}
