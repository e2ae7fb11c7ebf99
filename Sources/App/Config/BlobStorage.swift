import Foundation
import Persistence

/// Where blobs are stored (issue 17 item 1; docs/operations.md "Blob storage"): the data directory
/// (default) or an S3-compatible bucket with Object Lock (`LAWTRAIL_BLOB_STORE=s3://bucket[/prefix]`).
public enum BlobStorage: Sendable, Equatable {
    case local
    case s3(S3Settings)

    /// Reads `LAWTRAIL_BLOB_STORE` and, for S3, `LAWTRAIL_S3_ENDPOINT`, `LAWTRAIL_S3_REGION`,
    /// `LAWTRAIL_S3_ACCESS_KEY_ID`, `LAWTRAIL_S3_SECRET_ACCESS_KEY`, `LAWTRAIL_S3_SESSION_TOKEN`,
    /// `LAWTRAIL_S3_PATH_STYLE` (`1`/`0`) and `LAWTRAIL_S3_PART_MIB`.
    static func resolve(_ environment: [String: String]) throws(ConfigError) -> BlobStorage {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let location = value("LAWTRAIL_BLOB_STORE"), location != "local" else { return .local }
        guard let (bucket, prefix) = S3Settings.parseLocation(location) else {
            throw .invalid("LAWTRAIL_BLOB_STORE", "must be s3://bucket[/prefix] (or unset for the data directory)")
        }
        guard let keyID = value("LAWTRAIL_S3_ACCESS_KEY_ID"), let secret = value("LAWTRAIL_S3_SECRET_ACCESS_KEY") else {
            throw .invalid("LAWTRAIL_S3_ACCESS_KEY_ID", "an S3 blob store needs LAWTRAIL_S3_ACCESS_KEY_ID and LAWTRAIL_S3_SECRET_ACCESS_KEY")
        }
        var endpoint: URL?
        if let text = value("LAWTRAIL_S3_ENDPOINT") {
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw .invalid("LAWTRAIL_S3_ENDPOINT", "must be an http(s) URL such as https://s3.cn-north-1.amazonaws.com.cn")
            }
            endpoint = url
        }
        var pathStyle: Bool?
        if let text = value("LAWTRAIL_S3_PATH_STYLE") {
            guard text == "1" || text == "0" else { throw .invalid("LAWTRAIL_S3_PATH_STYLE", "must be 1 or 0") }
            pathStyle = text == "1"
        }
        var partSize = 8 << 20
        if let text = value("LAWTRAIL_S3_PART_MIB") {
            guard let mib = Int(text), (5...512).contains(mib) else {
                throw .invalid("LAWTRAIL_S3_PART_MIB", "must be whole MiB from 5 to 512")
            }
            partSize = mib << 20
        }
        return .s3(S3Settings(
            bucket: bucket, prefix: prefix, endpoint: endpoint, region: value("LAWTRAIL_S3_REGION") ?? "us-east-1",
            credentials: .init(accessKeyID: keyID, secretAccessKey: secret, sessionToken: value("LAWTRAIL_S3_SESSION_TOKEN")),
            pathStyle: pathStyle, partSize: partSize))
    }
}
