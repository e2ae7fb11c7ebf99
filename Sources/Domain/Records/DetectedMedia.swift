import Foundation

/// What the first bytes of a file say it is (issue 4 item 3: "MIME type checked against the
/// content's magic bytes"): the format, the MIME type the system stores and serves it with, and
/// the medium it is as a media record — or nil when it is a document: a PDF, or a JPEG or PNG
/// taken as the scan of a text record (SPEC R4 纸质文书扫描件).
///
/// `mime` and `kind` usually follow from `format`; they differ when a container declared as audio
/// holds audio only (an MP4 declared `audio/mp4` → `audio`), or when an image is a scan (→ nil).
public struct DetectedMedia: Hashable, Sendable {
    public let format: MediaFormat
    public let mime: String
    /// The medium of a media record; nil for a document (PDF, or an image taken as a scan).
    public let kind: MediaKind?

    /// Whether this is a scanned document rather than a photo, audio or video.
    public var isDocument: Bool { kind == nil }

    /// The format with its usual MIME type and kind.
    public init(format: MediaFormat) {
        self.init(format: format, mime: format.mime, kind: format.kind)
    }

    public init(format: MediaFormat, mime: String, kind: MediaKind?) {
        self.format = format
        self.mime = mime
        self.kind = kind
    }

    /// As named in messages: `PDF 文档`, `MP4 视频`, `MP4 音频`, `JPEG 扫描件`.
    public var chineseName: String {
        guard kind != format.kind else { return format.chineseName }
        let noun = switch kind {
        case .photo: "图像"
        case .audio: "音频"
        case .video: "视频"
        case nil: "扫描件"
        }
        return "\(format.shortName) \(noun)"
    }
}
