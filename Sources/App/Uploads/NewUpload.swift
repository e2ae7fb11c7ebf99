import Domain
import Fluent
import Foundation
import Persistence
import Services
import Vapor

/// The body of `POST /api/v1/uploads` and its checks at the edge (docs/uploads.md "Creating an
/// upload"; issue 4 item 3: device, officer, capture start and end, MIME type, size limit).
///
/// Every field is read leniently, so that a wrong type is one more entry in `errors` (422) rather
/// than a bare 400: an uploader on a body camera's companion app should learn every mistake at once.
struct NewUpload: Decodable {
    var length: Int64?
    var sha256: String?
    var mimeType: String?
    var form: String?
    var activityId: String?
    var deviceId: String?
    var officerId: String?
    var captureStart: String?
    var captureEnd: String?
    var sensitivity: String?
    /// Fields present with a value of the wrong JSON type.
    var typeErrors: [String: String] = [:]

    enum Key: String, CodingKey, CaseIterable {
        case length, sha256, mimeType, form, activityId, deviceId, officerId, captureStart, captureEnd, sensitivity
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var errors: [String: String] = [:]
        func read<T: Decodable>(_ key: Key, as type: T.Type, expected: String) -> T? {
            do {
                return try container.decodeIfPresent(T.self, forKey: key)
            } catch {
                errors[key.rawValue] = "应为\(expected)"
                return nil
            }
        }
        length = read(.length, as: Int64.self, expected: "整数（字节数）")
        sha256 = read(.sha256, as: String.self, expected: "字符串")
        mimeType = read(.mimeType, as: String.self, expected: "字符串")
        form = read(.form, as: String.self, expected: "字符串")
        activityId = read(.activityId, as: String.self, expected: "字符串")
        deviceId = read(.deviceId, as: String.self, expected: "字符串")
        officerId = read(.officerId, as: String.self, expected: "字符串")
        captureStart = read(.captureStart, as: String.self, expected: "字符串")
        captureEnd = read(.captureEnd, as: String.self, expected: "字符串")
        sensitivity = read(.sensitivity, as: String.self, expected: "字符串")
        typeErrors = errors
    }

    /// The upload this body announces, or a problem: 413 for a length over `limit`, else 422 with
    /// every refused field. Looks up the activity, device and officer it names.
    func validated(by userID: UUID, limit: UInt64, on db: any Database, now: Date) async throws -> PendingUpload {
        var errors = typeErrors
        let length = length.flatMap { $0 > 0 ? UInt64($0) : nil }
        if let length, length > limit {
            throw UploadProblems.tooLarge(length: length, limit: limit)
        }
        if length == nil, errors["length"] == nil {
            errors["length"] = self.length == nil ? "必填" : "应为正整数（字节数）"
        }

        var digest: String?
        if let sha256 {
            let text = sha256.lowercased()
            if text.utf8.count == 64, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
                digest = text
            } else {
                errors["sha256"] = "应为 64 位十六进制 SHA-256"
            }
        }

        let recordForm: RecordForm? = switch form {
        case "media": .media
        case "scan": .text
        default: nil
        }
        if recordForm == nil, errors["form"] == nil {
            errors["form"] = form == nil ? "必填（media 或 scan）" : "应为 media（照片、音频、视音频）或 scan（纸质文书扫描件）"
        }

        let declaredMIME = MediaSniffer.normalizedMIME(mimeType ?? "")
        if mimeType == nil, errors["mimeType"] == nil {
            errors["mimeType"] = "必填（未知时填 application/octet-stream）"
        } else if let recordForm, mimeType != nil, !Self.acceptedMIMEs(for: recordForm).contains(declaredMIME) {
            errors["mimeType"] = recordForm == .text
                ? "纸质文书扫描件只接受 PDF、JPEG、PNG"
                : "\(declaredMIME.isEmpty ? "空类型" : declaredMIME) 不是可接收的照片、音频或视音频类型"
        }

        var activityID: UUID?
        if let text = activityId {
            if let id = UUID(uuidString: text) {
                if try await ActivityQueries(database: db).activity(id) == nil {
                    errors["activityId"] = "执法活动不存在"
                } else {
                    activityID = id
                }
            } else {
                errors["activityId"] = "应为 UUID"
            }
        } else if errors["activityId"] == nil {
            errors["activityId"] = "必填"
        }

        let deviceID = try await Self.existingID(deviceId, key: "deviceId", missing: "记录设备未登记", errors: &errors) {
            try await DeviceModel.find($0, on: db) != nil
        }
        let officerID = try await Self.existingID(officerId, key: "officerId", missing: "执法人员不存在", errors: &errors) {
            try await OfficerModel.find($0, on: db) != nil
        }

        let start = Self.instant(captureStart, key: "captureStart", errors: &errors)
        let end = Self.instant(captureEnd, key: "captureEnd", errors: &errors)
        if let start, let end, end < start {
            errors["captureEnd"] = "结束时间不得早于开始时间"
        }

        var marking = Sensitivity.none
        if let sensitivity {
            if let value = Sensitivity(rawValue: sensitivity) {
                marking = value
            } else {
                errors["sensitivity"] = "应为 " + Sensitivity.allCases.map(\.rawValue).joined(separator: "、")
            }
        }

        guard errors.isEmpty, let length, let recordForm, let activityID else {
            throw Problem.unprocessable("validation-failed", "上传信息有 \(errors.count) 处需要更正。", errors: errors)
        }
        // Issue 14 item 2: nothing goes into an archived case — refused before a byte is sent
        // (completion checks again, for a case archived while the upload runs).
        if let activity = try await ActivityQueries(database: db).activity(activityID),
           try await ArchiveQueries(database: db).isArchived(activity.caseID) {
            throw Problem(ServiceRefusal.caseArchived)
        }
        return PendingUpload(
            createdAt: now, createdBy: userID, declaredLength: length, declaredSHA256: digest,
            mimeType: declaredMIME.isEmpty ? "application/octet-stream" : declaredMIME,
            metadata: UploadMetadata(
                form: recordForm, activityID: activityID, deviceID: deviceID, officerID: officerID,
                captureStart: start, captureEnd: end, sensitivity: marking))
    }

    /// Declared types a form may announce: those of the formats it takes, and "unknown"
    /// (`application/octet-stream`, decided by the magic bytes alone; `MediaSniffer.check`).
    static func acceptedMIMEs(for form: RecordForm) -> Set<String> {
        var types: Set<String> = ["application/octet-stream"]
        for format in MediaFormat.allCases {
            let detected = DetectedMedia(format: format)
            guard form.accepts(detected) else { continue }
            types.formUnion(format.acceptedMIMEs)
            if form == .media { types.formUnion(format.audioMIMEs) }
        }
        return types
    }

    private static func existingID(
        _ text: String?, key: String, missing: String, errors: inout [String: String],
        exists: (UUID) async throws -> Bool
    ) async throws -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else {
            errors[key] = "应为 UUID"
            return nil
        }
        guard try await exists(id) else {
            errors[key] = missing
            return nil
        }
        return id
    }

    /// An ISO 8601 instant with a time zone, with or without fractional seconds; kept to the
    /// nearest second. Why: a whole second survives every store exactly (PostgreSQL's microseconds,
    /// SQLite, JSON), so the record's canonical content — whose digest the ledger holds — is the same
    /// when `lawtrail verify` recomputes it; a fraction of a second can come back off by a
    /// microsecond and flip the millisecond of `Record.canonicalContent` (SPEC R9.3, X3). Recording
    /// devices stamp whole seconds, and the interruption rules of SPEC R7 speak in hh:mm:ss.
    private static func instant(_ text: String?, key: String, errors: inout [String: String]) -> Date? {
        guard let text else { return nil }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded())
            }
        }
        errors[key] = "应为带时区的 ISO 8601 时间，如 2026-03-01T09:30:00+08:00"
        return nil
    }
}
