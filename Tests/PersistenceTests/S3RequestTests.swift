import Foundation
import Persistence
import Testing

/// The requests `S3BlobStore` sends (issue 17 item 1), built and signed without a server: keys,
/// addressing, the Object Lock headers on every write, multipart steps, version deletion.
@Suite struct S3RequestTests {
    static let settings = S3Settings(
        bucket: "lawtrail-evidence", prefix: "evidence", endpoint: URL(string: "http://127.0.0.1:5000")!, region: "us-east-1",
        credentials: .init(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
    static let builder = S3RequestBuilder(settings: settings)
    static let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    static let at = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let until = Date(timeIntervalSince1970: 1_789_488_000)  // 2026-09-15T16:00:00Z

    @Test("s3://bucket[/prefix] is read; anything else is refused")
    func locations() {
        #expect(S3Settings.parseLocation("s3://lawtrail-evidence")! == ("lawtrail-evidence", ""))
        #expect(S3Settings.parseLocation("s3://lawtrail-evidence/putuo/2026")! == ("lawtrail-evidence", "putuo/2026"))
        for bad in ["s3://", "s3://ab", "s3://Upper", "file:///tmp", "lawtrail-evidence", "s3://a_b_c"] {
            #expect(S3Settings.parseLocation(bad) == nil, "\(bad)")
        }
        #expect(Self.settings.prefix == "evidence/")
        #expect(Self.settings.pathStyle, "a custom endpoint is addressed path-style unless told")
        let aws = S3Settings(bucket: "b-1", credentials: .init(accessKeyID: "k", secretAccessKey: "s"))
        #expect(!aws.pathStyle && aws.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
    }

    @Test("a blob's key has the data directory's layout under the prefix")
    func keys() {
        #expect(Self.builder.key(for: Self.digest) == "evidence/sha256/9f/86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    }

    @Test("PUT Object: compliance mode, the retain-until date, Content-MD5, a signed payload")
    func putObject() throws {
        let body = Data("Welcome to Amazon S3.".utf8)
        let request = Self.builder.putObject(Self.digest, body: body, retainUntil: Self.until, at: Self.at)
        #expect(request.method == "PUT")
        #expect(request.url == "http://127.0.0.1:5000/lawtrail-evidence/evidence/sha256/9f/86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        #expect(request.header("x-amz-object-lock-mode") == "COMPLIANCE")
        #expect(request.header("x-amz-object-lock-retain-until-date") == "2026-09-15T16:00:00Z")
        #expect(request.header("content-md5") == "1EfQ6PKJ8WoS/2AnznfCWA==")
        #expect(request.header("x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(request.header("x-amz-date") == "20130524T000000Z")
        #expect(request.header("host") == nil, "the HTTP client sends Host from the URL")
        let authorization = try #require(request.header("authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=content-length;content-md5;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-object-lock-mode;x-amz-object-lock-retain-until-date, "))
        // The lock headers are signed: changing the date changes the signature.
        let later = Self.builder.putObject(Self.digest, body: body, retainUntil: Self.until.addingTimeInterval(86400), at: Self.at)
        #expect(later.header("authorization") != authorization)
    }

    @Test("the signature over the request is the one SigV4 computes for its canonical form")
    func signatureMatchesSigner() {
        let request = Self.builder.getObject(Self.digest, range: 10..<20, at: Self.at)
        #expect(request.header("range") == "bytes=10-19")
        let signer = SigV4Signer(credentials: Self.settings.credentials, region: "us-east-1")
        let expected = signer.authorization(SigV4Signer.Request(
            method: "GET", path: "/lawtrail-evidence/evidence/sha256/9f/86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            headers: [("host", "127.0.0.1:5000"), ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
                      ("x-amz-date", "20130524T000000Z"), ("range", "bytes=10-19")],
            payloadHash: SigV4Signer.emptyPayloadHash), amzDate: "20130524T000000Z")
        #expect(request.header("authorization") == expected)
    }

    @Test("multipart: create with the lock, parts with Content-MD5, the completion lists every ETag")
    func multipart() {
        let create = Self.builder.createMultipartUpload(Self.digest, retainUntil: Self.until, at: Self.at)
        #expect(create.method == "POST" && create.url.hasSuffix("?uploads"))
        #expect(create.header("x-amz-object-lock-mode") == "COMPLIANCE")
        let part = Self.builder.uploadPart(Self.digest, uploadID: "abc/def+1", number: 2, body: Data([1, 2, 3]), at: Self.at)
        #expect(part.url.hasSuffix("?partNumber=2&uploadId=abc%2Fdef%2B1"))
        #expect(part.header("content-length") == "3" && part.header("content-md5") != nil)
        let (complete, body) = Self.builder.completeMultipartUpload(Self.digest, uploadID: "u", etags: ["\"e1\"", "\"e2\""], at: Self.at)
        #expect(complete.url.hasSuffix("?uploadId=u"))
        #expect(String(decoding: body, as: UTF8.self) == "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part></CompleteMultipartUpload>")
    }

    @Test("a lock date already past is not sent: nothing is left to protect")
    func pastLock() {
        let request = Self.builder.putObject(Self.digest, body: Data([1]), retainUntil: Self.at.addingTimeInterval(-1), at: Self.at)
        #expect(request.header("x-amz-object-lock-mode") == nil)
        #expect(request.header("x-amz-object-lock-retain-until-date") == nil)
    }

    @Test("deleting a version names it; listing versions and objects use the prefix")
    func versionsAndListing() {
        let delete = Self.builder.deleteVersion(Self.digest, versionID: "3/L4kqtJl40Nr8X8gdRQBpUMLUo", at: Self.at)
        #expect(delete.method == "DELETE" && delete.url.hasSuffix("?versionId=3%2FL4kqtJl40Nr8X8gdRQBpUMLUo"))
        let versions = Self.builder.listVersions(Self.digest, at: Self.at)
        #expect(versions.url == "http://127.0.0.1:5000/lawtrail-evidence?versions&prefix=evidence%2Fsha256%2F9f%2F86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        let list = Self.builder.listObjects(continuation: "t+1", at: Self.at)
        #expect(list.url == "http://127.0.0.1:5000/lawtrail-evidence?list-type=2&prefix=evidence%2Fsha256%2F&continuation-token=t%2B1")
    }

    @Test("virtual-hosted addressing puts the bucket in the host")
    func virtualHosted() {
        let aws = S3RequestBuilder(settings: S3Settings(bucket: "examplebucket", credentials: Self.settings.credentials))
        let request = aws.headObject(Self.digest, at: Self.at)
        #expect(request.url == "https://examplebucket.s3.us-east-1.amazonaws.com/sha256/9f/86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    }

    @Test("S3's XML answers are read for the values the store needs")
    func xml() {
        let text = """
            <ListVersionsResult><Version><Key>k</Key><VersionId>v1</VersionId></Version>\
            <DeleteMarker><Key>k</Key><VersionId>v2</VersionId></DeleteMarker><Version><Key>other</Key><VersionId>v3</VersionId></Version></ListVersionsResult>
            """
        #expect(S3XML.values("Version", in: text).flatMap { S3XML.values("VersionId", in: $0) } == ["v1", "v3"])
        #expect(S3XML.values("DeleteMarker", in: text).flatMap { S3XML.values("VersionId", in: $0) } == ["v2"])
        #expect(S3XML.values("UploadId", in: "<InitiateMultipartUploadResult><UploadId>a&amp;b</UploadId></InitiateMultipartUploadResult>") == ["a&b"])
    }
}
