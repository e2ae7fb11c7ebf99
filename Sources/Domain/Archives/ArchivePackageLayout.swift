import Foundation

/// Where each file lives in an archive package, a BagIt 1.0 bag (RFC 8493; issue 14 item 2). Every
/// path is made here from server ids, never from a client's name.
///
/// ```
/// bagit.txt  bag-info.txt
/// manifest-sha256.txt  manifest-sm3.txt  tagmanifest-sha256.txt  tagmanifest-sm3.txt
/// metadata/archive.json                       GB/T 18894 / DA/T 97 style metadata
/// metadata/four-properties-report.json        四性检测 report (DA/T 70-2018)
/// data/ledger/checkpoint.txt                  the signed checkpoint every proof is against
/// data/ledger/verifier-key.txt                the key that signs it
/// data/records/<record id>/record.json        canonical JSON of the record (its contentSha256)
/// data/records/<record id>/media.<ext>        the stored bytes of a photo, audio, video or scan
/// data/records/<record id>/document.html      a printable rendering of an electronic document
/// data/records/<record id>/ledger-proof.json  the proof bundle of its record.ingested event
/// ```
public enum ArchivePackageLayout {
    public static let bagitDeclaration = "bagit.txt"
    public static let bagInfo = "bag-info.txt"
    public static let metadata = "metadata/archive.json"
    public static let report = "metadata/four-properties-report.json"
    public static let checkpoint = "data/ledger/checkpoint.txt"
    public static let verifierKey = "data/ledger/verifier-key.txt"

    public static func manifest(_ algorithm: String) -> String { "manifest-\(algorithm).txt" }
    public static func tagManifest(_ algorithm: String) -> String { "tagmanifest-\(algorithm).txt" }

    /// The algorithms this build writes, in the order they are listed.
    public static var algorithms: [String] { FixityDigest.includesSM3 ? ["sha256", "sm3"] : ["sha256"] }

    public static func recordDirectory(_ id: UUID) -> String { "data/records/\(id.uuidString.lowercased())" }
    public static func content(_ id: UUID) -> String { recordDirectory(id) + "/record.json" }
    public static func proof(_ id: UUID) -> String { recordDirectory(id) + "/ledger-proof.json" }
    public static func rendition(_ id: UUID) -> String { recordDirectory(id) + "/document.html" }
    public static func media(_ id: UUID, format: MediaFormat?) -> String {
        recordDirectory(id) + "/media." + (format.map(fileExtension) ?? "bin")
    }

    /// The file extension of a stored format.
    public static func fileExtension(_ format: MediaFormat) -> String {
        switch format {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .heic: "heic"
        case .heif: "heif"
        case .avif: "avif"
        case .pdf: "pdf"
        case .mp4: "mp4"
        case .m4v: "m4v"
        case .quickTime: "mov"
        case .threeGPP: "3gp"
        case .threeGPP2: "3g2"
        case .m4a: "m4a"
        case .mp3: "mp3"
        case .aac: "aac"
        case .wav: "wav"
        case .avi: "avi"
        case .matroska: "mkv"
        case .webm: "webm"
        case .amr: "amr"
        case .amrWideband: "awb"
        }
    }

    /// Extensions a payload file may have (安全性: no unexpected file types).
    public static var allowedPayloadExtensions: Set<String> {
        Set(MediaFormat.allCases.map(fileExtension)).union(["json", "html", "txt"])
    }

    /// One manifest line (RFC 8493 §2.1.3): digest, two spaces, path; `%`, CR and LF in a path are
    /// percent-encoded (ours never have them).
    public static func manifestLine(digest: String, path: String) -> String {
        let encoded = path.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        return "\(digest)  \(encoded)\n"
    }

    /// Reads a manifest: path → digest. Nil when a line is not `<hex digest> <path>`.
    public static func parseManifest(_ text: String) -> [String: String]? {
        var entries: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { return nil }
            let digest = String(parts[0]).lowercased()
            let path = parts[1].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%25", with: "%")
            guard !digest.isEmpty, digest.allSatisfy(\.isHexDigit), !path.isEmpty, entries[path] == nil else { return nil }
            entries[path] = digest
        }
        return entries
    }
}
