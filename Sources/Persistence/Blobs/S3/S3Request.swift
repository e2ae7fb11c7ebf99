import Crypto
import Foundation

/// Where an S3-compatible store is and how to reach it (`LAWTRAIL_BLOB_STORE=s3://bucket[/prefix]`
/// with `LAWTRAIL_S3_ENDPOINT`, `LAWTRAIL_S3_REGION`, `LAWTRAIL_S3_ACCESS_KEY_ID`,
/// `LAWTRAIL_S3_SECRET_ACCESS_KEY`; docs/operations.md "Blob storage").
public struct S3Settings: Sendable, Equatable {
    public var bucket: String
    /// Keys start with this (no leading slash; empty or ending in `/`).
    public var prefix: String
    /// `https://s3.<region>.amazonaws.com` unless set (moto, MinIO, Ceph: `http://127.0.0.1:5000`).
    public var endpoint: URL
    public var region: String
    public var credentials: SigV4Signer.Credentials
    /// `https://endpoint/bucket/key` (true) or `https://bucket.endpoint/key` (false, AWS's default).
    public var pathStyle: Bool
    /// Blobs larger than this go up as a multipart upload in parts of this size (S3's minimum part is 5 MiB).
    public var partSize: Int

    public init(
        bucket: String, prefix: String = "", endpoint: URL? = nil, region: String = "us-east-1",
        credentials: SigV4Signer.Credentials, pathStyle: Bool? = nil, partSize: Int = 8 << 20
    ) {
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.endpoint = endpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        self.region = region
        self.credentials = credentials
        self.pathStyle = pathStyle ?? (endpoint != nil)
        self.partSize = max(partSize, 5 << 20)
    }

    /// Reads `s3://bucket[/prefix]`; nil for anything else.
    public static func parseLocation(_ text: String) -> (bucket: String, prefix: String)? {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst("s3://".count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bucket = parts.first, !bucket.isEmpty,
              bucket.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }), bucket.count >= 3, bucket.count <= 63
        else { return nil }
        return (String(bucket), parts.count > 1 ? String(parts[1]) : "")
    }
}

/// One signed S3 request, ready to send: the pure part of `S3BlobStore` (tested without a server,
/// Tests/PersistenceTests/S3RequestTests.swift).
public struct S3Request: Sendable, Equatable {
    public var method: String
    public var url: String
    /// Every header to send, `Authorization` included.
    public var headers: [Header]

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Builds and signs the requests `S3BlobStore` sends (issue 17 item 1): object keys, the Object
/// Lock headers, multipart upload steps, listing and deleting versions.
public struct S3RequestBuilder: Sendable {
    public let settings: S3Settings
    let signer: SigV4Signer

    public init(settings: S3Settings) {
        self.settings = settings
        self.signer = SigV4Signer(credentials: settings.credentials, region: settings.region, service: "s3")
    }

    /// `prefix` + `sha256/<2 hex>/<62 hex>`: the same layout as the data directory.
    public func key(for digest: String) -> String {
        settings.prefix + "sha256/" + digest.prefix(2) + "/" + digest.dropFirst(2)
    }

    /// The ISO 8601 form S3 takes for `x-amz-object-lock-retain-until-date`.
    public static func lockDate(_ date: Date) -> String {
        let amz = SigV4Signer.amzDate(date)
        let d = Array(amz)
        return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))T\(String(d[9..<11])):\(String(d[11..<13])):\(String(d[13..<15]))Z"
    }

    /// A signed request. `key` nil addresses the bucket; `payloadHash` is the body's SHA-256 (hex).
    public func request(
        _ method: String, key: String?, query: [(name: String, value: String)] = [],
        headers extra: [(name: String, value: String)] = [], payloadHash: String = SigV4Signer.emptyPayloadHash,
        at date: Date
    ) -> S3Request {
        let endpoint = settings.endpoint
        let scheme = endpoint.scheme ?? "https"
        var host = endpoint.host ?? "localhost"
        if !settings.pathStyle { host = settings.bucket + "." + host }
        let defaultPort = scheme == "https" ? 443 : 80
        let hostHeader = endpoint.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        var path = settings.pathStyle ? "/" + settings.bucket : ""
        if let key { path += "/" + key } else if !settings.pathStyle { path = "/" }
        let encodedPath = SigV4Signer.uriEncode(path, encodeSlash: false)

        let amzDate = SigV4Signer.amzDate(date)
        var headers: [(name: String, value: String)] = [("host", hostHeader), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)]
        if let token = settings.credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        headers += extra
        let signed = SigV4Signer.Request(method: method, path: encodedPath, query: query, headers: headers, payloadHash: payloadHash)
        let authorization = signer.authorization(signed, amzDate: amzDate)

        let queryText = query
            .map { $0.value.isEmpty && Self.bareParameters.contains($0.name) ? SigV4Signer.uriEncode($0.name, encodeSlash: true)
                : SigV4Signer.uriEncode($0.name, encodeSlash: true) + "=" + SigV4Signer.uriEncode($0.value, encodeSlash: true) }
            .joined(separator: "&")
        let portPart = endpoint.port.map { ":\($0)" } ?? ""
        let url = "\(scheme)://\(host)\(portPart)\(encodedPath)" + (queryText.isEmpty ? "" : "?" + queryText)
        var sent = headers.filter { $0.name != "host" }.map { S3Request.Header($0.name, $0.value) }
        sent.append(S3Request.Header("Authorization", authorization))
        return S3Request(method: method, url: url, headers: sent)
    }

    /// Sub-resources sent without `=` (`?uploads`, `?versions`), signed as `uploads=`.
    static let bareParameters: Set<String> = ["uploads", "versions", "retention", "object-lock"]

    /// The headers that write an object under a compliance-mode lock. S3 wants a body checksum
    /// on every write that sets a retention period: `Content-MD5`.
    /// A date already past gives no headers: nothing is left to protect, and S3 refuses a lock in
    /// the past (the demo's seven-month-old inspection video, a blob put after its disposal day).
    public static func lockHeaders(until: Date, at date: Date) -> [(name: String, value: String)] {
        guard until > date else { return [] }
        return [("x-amz-object-lock-mode", "COMPLIANCE"), ("x-amz-object-lock-retain-until-date", lockDate(until))]
    }

    public static func contentMD5(_ data: Data) -> String {
        Data(Insecure.MD5.hash(data: data)).base64EncodedString()
    }

    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: The operations

    public func putObject(_ digest: String, body: Data, retainUntil: Date, at date: Date) -> S3Request {
        request("PUT", key: key(for: digest), headers: [
            ("content-length", String(body.count)), ("content-md5", Self.contentMD5(body)),
            ("content-type", "application/octet-stream"),
        ] + Self.lockHeaders(until: retainUntil, at: date), payloadHash: Self.sha256Hex(body), at: date)
    }

    public func createMultipartUpload(_ digest: String, retainUntil: Date, at date: Date) -> S3Request {
        request("POST", key: key(for: digest), query: [("uploads", "")],
                headers: [("content-type", "application/octet-stream")] + Self.lockHeaders(until: retainUntil, at: date), at: date)
    }

    public func uploadPart(_ digest: String, uploadID: String, number: Int, body: Data, at date: Date) -> S3Request {
        request("PUT", key: key(for: digest), query: [("partNumber", String(number)), ("uploadId", uploadID)],
                headers: [("content-length", String(body.count)), ("content-md5", Self.contentMD5(body))],
                payloadHash: Self.sha256Hex(body), at: date)
    }

    public static func completionBody(etags: [String]) -> Data {
        var xml = "<CompleteMultipartUpload>"
        for (index, etag) in etags.enumerated() {
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XML.escape(etag))</ETag></Part>"
        }
        return Data((xml + "</CompleteMultipartUpload>").utf8)
    }

    public func completeMultipartUpload(_ digest: String, uploadID: String, etags: [String], at date: Date) -> (S3Request, Data) {
        let body = Self.completionBody(etags: etags)
        let request = request("POST", key: key(for: digest), query: [("uploadId", uploadID)],
                              headers: [("content-length", String(body.count)), ("content-type", "application/xml")],
                              payloadHash: Self.sha256Hex(body), at: date)
        return (request, body)
    }

    /// PutObjectRetention: sets (or lengthens) the compliance lock of the object's current version.
    /// Sent after a multipart completion too, so that the lock does not depend on a service keeping
    /// the headers of CreateMultipartUpload (moto does not).
    public func putRetention(_ digest: String, until: Date, at date: Date) -> (S3Request, Data) {
        let body = Data(("<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>COMPLIANCE</Mode>"
            + "<RetainUntilDate>\(Self.lockDate(until))</RetainUntilDate></Retention>").utf8)
        let request = request("PUT", key: key(for: digest), query: [("retention", "")],
                              headers: [("content-length", String(body.count)), ("content-md5", Self.contentMD5(body)),
                                        ("content-type", "application/xml")],
                              payloadHash: Self.sha256Hex(body), at: date)
        return (request, body)
    }

    public func abortMultipartUpload(_ digest: String, uploadID: String, at date: Date) -> S3Request {
        request("DELETE", key: key(for: digest), query: [("uploadId", uploadID)], at: date)
    }

    public func headObject(_ digest: String, at date: Date) -> S3Request {
        request("HEAD", key: key(for: digest), at: date)
    }

    public func getObject(_ digest: String, range: Range<UInt64>?, at date: Date) -> S3Request {
        let headers: [(name: String, value: String)] = range.map { [("range", "bytes=\($0.lowerBound)-\($0.upperBound - 1)")] } ?? []
        return request("GET", key: key(for: digest), headers: headers, at: date)
    }

    public func listVersions(_ digest: String, at date: Date) -> S3Request {
        request("GET", key: nil, query: [("versions", ""), ("prefix", key(for: digest))], at: date)
    }

    public func deleteVersion(_ digest: String, versionID: String, at date: Date) -> S3Request {
        request("DELETE", key: key(for: digest), query: [("versionId", versionID)], at: date)
    }

    public func listObjects(continuation: String?, at date: Date) -> S3Request {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", settings.prefix + "sha256/")]
        if let continuation { query.append(("continuation-token", continuation)) }
        return request("GET", key: nil, query: query, at: date)
    }
}

/// Just enough XML for S3's answers: the text of every `<tag>…</tag>` and escaping.
public enum S3XML {
    public static func values(_ tag: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(tag)>"), let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) {
            found.append(unescape(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// The `<block>…</block>` elements, each as text (for `<Version>`, `<DeleteMarker>`).
    public static func elements(_ tag: String, in text: String) -> [String] {
        values(tag, in: text)
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#34;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
