import Crypto
import Foundation

/// AWS Signature Version 4 (header-based), written here because no S3 client library for Swift is
/// in the mirror (issue 17 item 1). Checked against AWS's published SigV4 test suite and the S3
/// header-based authentication examples (Tests/PersistenceTests/SigV4Tests.swift).
///
/// Pure: strings and bytes in, an `Authorization` header out; the caller (`S3Request`) decides
/// which headers are signed (always `host`, `x-amz-date`, `x-amz-content-sha256`).
public struct SigV4Signer: Sendable {
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: String
        /// A temporary credential's token (`x-amz-security-token`), signed like any header.
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// A request as SigV4 sees it. `path` is the object path as it will be sent, already
    /// URI-encoded (`S3Request` encodes keys once, the S3 way; the generic suite's paths need none).
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Decoded query parameters; encoded and sorted here.
        public var query: [(name: String, value: String)]
        /// Every header to sign, as sent (names in any case; repeated names allowed).
        public var headers: [(name: String, value: String)]
        /// Lowercase hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
        public var payloadHash: String

        public init(method: String, path: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)], payloadHash: String) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public let credentials: Credentials
    public let region: String
    public let service: String

    public init(credentials: Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `20150830T123600Z`: the `x-amz-date` form of `date`.
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The lowercase names of the signed headers, sorted and joined by `;`.
    public static func signedHeaders(_ request: Request) -> String {
        Set(request.headers.map { $0.name.lowercased() }).sorted().joined(separator: ";")
    }

    /// Step 1 of the signing process: the canonical request.
    public static func canonicalRequest(_ request: Request) -> String {
        var grouped: [String: [String]] = [:]
        for (name, value) in request.headers {
            grouped[name.lowercased(), default: []].append(trimmed(value))
        }
        var headers = ""
        for name in grouped.keys.sorted() {
            headers += name + ":" + (grouped[name] ?? []).joined(separator: ",") + "\n"
        }
        var pairs: [(name: String, value: String)] = []
        for parameter in request.query {
            pairs.append((uriEncode(parameter.name, encodeSlash: true), uriEncode(parameter.value, encodeSlash: true)))
        }
        pairs.sort { (a: (name: String, value: String), b: (name: String, value: String)) -> Bool in
            a.name != b.name ? a.name < b.name : a.value < b.value
        }
        let query: String = pairs.map { (pair: (name: String, value: String)) -> String in pair.name + "=" + pair.value }
            .joined(separator: "&")
        let path: String = request.path.isEmpty ? "/" : request.path
        let lines: [String] = [request.method, path, query, headers, signedHeaders(request), request.payloadHash]
        return lines.joined(separator: "\n")
    }

    /// `yyyymmdd/region/service/aws4_request`.
    public func scope(_ amzDate: String) -> String {
        "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
    }

    /// Step 2: the string to sign.
    public func stringToSign(_ request: Request, amzDate: String) -> String {
        let hashed = Self.hex(SHA256.hash(data: Data(Self.canonicalRequest(request).utf8)))
        return "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope(amzDate))\n\(hashed)"
    }

    /// Step 3: the signature, hex.
    public func signature(_ request: Request, amzDate: String) -> String {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(amzDate.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stringToSign(request, amzDate: amzDate).utf8), using: key)
        return Self.hex(mac)
    }

    /// The `Authorization` header value. `request.headers` must already hold `x-amz-date` (= `amzDate`).
    public func authorization(_ request: Request, amzDate: String) -> String {
        "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(amzDate)), "
            + "SignedHeaders=\(Self.signedHeaders(request)), Signature=\(signature(request, amzDate: amzDate))"
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, everything else is
    /// `%XX` of its UTF-8 bytes (uppercase hex); `/` stays in object paths.
    public static func uriEncode(_ text: String, encodeSlash: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where !encodeSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Header values: leading and trailing blanks removed, runs of blanks made one space.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ digest: SHA256.Digest) -> String { hex(Array(digest)) }
    static func hex(_ mac: HMAC<SHA256>.MAC) -> String { hex(Array(mac)) }
}
