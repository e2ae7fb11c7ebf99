import Foundation

/// A file format the system takes in as record content, recognised by its magic bytes
/// (`MediaSniffer`, issue 4 item 3).
///
/// The list covers what recording devices, phones and scanners produce (SPEC R1, R4, R8): body
/// cameras write MP4, MOV or AVI, sometimes Matroska; phones HEIC and JPEG photos, M4A, AMR or 3GP
/// audio; scanners PDF, JPEG or PNG. Anything else is refused rather than stored unrecognised.
///
/// Each format has the MIME type it is stored and served with (`mime`), the medium it is as a media
/// record (`kind`; nil for PDF, which is only ever a document), and the declared types that
/// mean the same thing (`acceptedMIMEs`: aliases such as `image/jpg`, `audio/x-wav`); containers
/// that may hold only sound also accept an audio declaration (`audioMIMEs`), which makes the record
/// an audio one. Raw values are stable slugs.
public enum MediaFormat: String, CaseIterable, Sendable, Codable {
    case jpeg = "jpeg"
    case png = "png"
    case webp = "webp"
    /// HEIF with HEVC-coded images: what iPhones write.
    case heic = "heic"
    /// HEIF without a more specific brand (`mif1`/`msf1` alone).
    case heif = "heif"
    case avif = "avif"
    case pdf = "pdf"
    /// ISO base media file (`isom`, `iso2`, `mp41`, `mp42`, `avc1`…).
    case mp4 = "mp4"
    case m4v = "m4v"
    /// QuickTime (`ftyp` brand `qt  `): iPhones and many body cameras write `.mov`.
    case quickTime = "quicktime"
    case threeGPP = "3gpp"
    case threeGPP2 = "3gpp2"
    case m4a = "m4a"
    case mp3 = "mp3"
    /// AAC in an ADTS stream (`.aac`), as some voice recorders write it.
    case aac = "aac"
    case wav = "wav"
    case avi = "avi"
    case matroska = "matroska"
    case webm = "webm"
    case amr = "amr"
    case amrWideband = "amr-wb"

    /// The MIME type stored with the record and sent when it is served.
    public var mime: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .heif: "image/heif"
        case .avif: "image/avif"
        case .pdf: "application/pdf"
        case .mp4: "video/mp4"
        case .m4v: "video/x-m4v"
        case .quickTime: "video/quicktime"
        case .threeGPP: "video/3gpp"
        case .threeGPP2: "video/3gpp2"
        case .m4a: "audio/mp4"
        case .mp3: "audio/mpeg"
        case .aac: "audio/aac"
        case .wav: "audio/wav"
        case .avi: "video/x-msvideo"
        case .matroska: "video/x-matroska"
        case .webm: "video/webm"
        case .amr: "audio/amr"
        case .amrWideband: "audio/amr-wb"
        }
    }

    /// The medium of a media record in this format; nil for PDF, a document only.
    public var kind: MediaKind? {
        switch self {
        case .jpeg, .png, .webp, .heic, .heif, .avif: .photo
        case .pdf: nil
        case .mp4, .m4v, .quickTime, .threeGPP, .threeGPP2, .avi, .matroska, .webm: .video
        case .m4a, .mp3, .aac, .wav, .amr, .amrWideband: .audio
        }
    }

    /// Declared MIME types (lower case, without parameters) that name this format: its own and
    /// the aliases clients send. `video/mp4` is accepted for QuickTime, which clients often send for
    /// a `.mov`; the reverse is not, since an MP4 is no QuickTime file.
    public var acceptedMIMEs: Set<String> {
        switch self {
        case .jpeg: ["image/jpeg", "image/jpg", "image/pjpeg"]
        case .png: ["image/png", "image/x-png"]
        case .webp: ["image/webp"]
        case .heic, .heif: ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"]
        case .avif: ["image/avif"]
        case .pdf: ["application/pdf", "application/x-pdf"]
        case .mp4: ["video/mp4", "video/x-m4v", "application/mp4"]
        case .m4v: ["video/x-m4v", "video/m4v", "video/mp4"]
        case .quickTime: ["video/quicktime", "video/mp4"]
        case .threeGPP: ["video/3gpp"]
        case .threeGPP2: ["video/3gpp2"]
        case .m4a: ["audio/mp4", "audio/x-m4a", "audio/m4a"]
        case .mp3: ["audio/mpeg", "audio/mp3", "audio/x-mp3", "audio/mpeg3", "audio/x-mpeg", "audio/mpg"]
        case .aac: ["audio/aac", "audio/aacp", "audio/x-aac"]
        case .wav: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"]
        case .avi: ["video/x-msvideo", "video/avi", "video/msvideo", "video/vnd.avi"]
        case .matroska: ["video/x-matroska"]
        case .webm: ["video/webm", "video/x-matroska"]
        case .amr: ["audio/amr"]
        case .amrWideband: ["audio/amr-wb"]
        }
    }

    /// For a video container that may hold sound only: the declared types that say so, and the
    /// first of them is the MIME type then stored. Empty for every other format.
    public var audioMIMEs: [String] {
        switch self {
        case .mp4: ["audio/mp4", "audio/x-m4a", "audio/m4a"]
        case .threeGPP: ["audio/3gpp"]
        case .threeGPP2: ["audio/3gpp2"]
        case .matroska: ["audio/x-matroska"]
        case .webm: ["audio/webm"]
        default: []
        }
    }

    /// The format's common name: `JPEG`, `MP4`, `QuickTime`.
    public var shortName: String {
        switch self {
        case .jpeg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        case .heic: "HEIC"
        case .heif: "HEIF"
        case .avif: "AVIF"
        case .pdf: "PDF"
        case .mp4: "MP4"
        case .m4v: "M4V"
        case .quickTime: "QuickTime"
        case .threeGPP: "3GP"
        case .threeGPP2: "3G2"
        case .m4a: "M4A"
        case .mp3: "MP3"
        case .aac: "AAC"
        case .wav: "WAV"
        case .avi: "AVI"
        case .matroska: "Matroska"
        case .webm: "WebM"
        case .amr: "AMR"
        case .amrWideband: "AMR-WB"
        }
    }

    /// As named in messages: `PDF 文档`, `JPEG 图像`, `MP4 视频`, `WAV 音频`.
    public var chineseName: String {
        let noun = switch kind {
        case .photo: "图像"
        case .audio: "音频"
        case .video: "视频"
        case nil: "文档"
        }
        return "\(shortName) \(noun)"
    }
}
