import Domain
import Vapor

/// The header names of the upload protocol (docs/uploads.md), in the manner of tus 1.0 core:
/// the offset and length travel in headers so that a client resumes from `HEAD` alone.
enum UploadHeaders {
    static let offset = HTTPHeaders.Name("Upload-Offset")
    static let length = HTTPHeaders.Name("Upload-Length")
    /// When an unfinished upload stops being resumable (RFC 9110 date, as tus "expiration" sends it).
    static let expires = HTTPHeaders.Name("Upload-Expires")
    static let recordID = HTTPHeaders.Name("LawTrail-Record-Id")
    static let sha256 = HTTPHeaders.Name("LawTrail-Sha256")
    static let ledgerIndex = HTTPHeaders.Name("LawTrail-Ledger-Index")

    /// Whether the request's body is `application/offset+octet-stream`, the only type a `PATCH`
    /// takes (tus core): raw bytes continuing at `Upload-Offset`. Compared exactly (Vapor's `==`
    /// on media types lets `*/*` match anything).
    static func hasPatchContentType(_ request: Request) -> Bool {
        guard let type = request.headers.contentType else { return false }
        return type.type.lowercased() == "application" && type.subType.lowercased() == "offset+octet-stream"
    }

    /// `Upload-Offset` of a request: a non-negative decimal integer, digits only
    /// (`UploadOffsetHeader.parse`, fuzzed in docs/fuzzing.md).
    static func offset(of request: Request) -> UInt64? {
        UploadOffsetHeader.parse(request.headers.first(name: offset))
    }

    /// `Content-Length` when the client sent one (nil for a chunked body).
    static func contentLength(of request: Request) -> UInt64? {
        UploadOffsetHeader.parseContentLength(request.headers.first(name: .contentLength))
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
