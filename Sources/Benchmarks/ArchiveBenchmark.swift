import App
import Crypto
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import Vapor

/// `lawtrail bench archive` (issue 14: building a package streams; memory stays flat, ≤ 64 MiB growth,
/// for a case with 10 GiB of video). Seeds the demo, adds a video of `videoBytes` to a new case
/// (written to the blob store in 1 MiB chunks), closes the case, then archives it — and reports the
/// process's resident memory before and its peak during the archiving (`/proc/self/status`; the
/// peak is reset first through `/proc/self/clear_refs`, so it is the archiving's own).
public enum ArchiveBenchmark {
    public struct Result: Sendable {
        public let videoBytes: Int64
        public let seconds: Double
        public let rssBeforeKiB: Int
        public let peakDuringKiB: Int
        public let zipBytes: Int64
        public let archivalCode: String
        public var growthMiB: Double { Double(peakDuringKiB - rssBeforeKiB) / 1024 }
    }

    public static func run(config: AppConfig, videoBytes: Int64) async throws -> Result {
        var config = config
        config.demo = true
        return try await LedgerBenchmark.withApp(config) { app in
            let services = app.lawTrail
            let db = app.db
            guard let activityModel = try await ActivityModel.query(on: db).sort(\.$startedAt).first(),
                  let activity = try await ActivityQueries(database: db).activity(activityModel.requireID()),
                  let template = try await CaseModel.find(activity.caseID, on: db)?.domain(),
                  let officerUser = try await UserModel.query(on: db).filter(\.$role == Role.officer.rawValue).first(),
                  let officeUser = try await UserModel.query(on: db).filter(\.$role == Role.office.rawValue).first() else {
                throw Abort(.internalServerError, reason: "the demo data is missing")
            }
            // A new case for the video, so the demo's own case stays open.
            let enforcementCase = EnforcementCase(
                number: "普应急检〔\(services.today.year)〕基准\(Int.random(in: 1...999_999))号", title: "归档内存基准",
                kind: .inspection, counterpartyID: template.counterpartyID, unitID: template.unitID, openedOn: services.today)
            var video = activity
            video.id = UUID()
            video.caseID = enforcementCase.id
            let store = ActivityStore(ledger: services.ledger.writer)
            try await store.create(enforcementCase, withFirstActivity: video, by: try officerUser.requireID(), at: services.clock.nowSeconds)

            // The video: an MP4 header, then pseudo-random bytes, streamed into the blob store.
            let uploadID = UUID()
            let blobs = services.blobStore
            let file = try blobs.openPartial(upload: uploadID)
            var hasher = SHA256()
            var generator = SystemRandomNumberGenerator()
            let chunk = 1 << 20
            var buffer = [UInt8](repeating: 0, count: chunk)
            var written: Int64 = 0
            let header: [UInt8] = [0x00, 0x00, 0x00, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0x00, 0x00, 0x02, 0x00,
                                   0x69, 0x73, 0x6F, 0x6D, 0x69, 0x73, 0x6F, 0x32, 0x61, 0x76, 0x63, 0x31, 0x6D, 0x70, 0x34, 0x31]
            while written < videoBytes {
                let count = Int(min(Int64(chunk), videoBytes - written))
                buffer.withUnsafeMutableBytes { raw in
                    let words = raw.bindMemory(to: UInt64.self)
                    for index in 0..<words.count { words[index] = generator.next() }
                }
                if written == 0 { buffer.replaceSubrange(0..<header.count, with: header) }
                try buffer.withUnsafeBytes { raw in
                    let part = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                    hasher.update(bufferPointer: part)
                    try file.write(part)
                }
                written += Int64(count)
            }
            try file.sync()
            file.close()
            let digest = FileBlobStore.hex(hasher.finalize())
            _ = try blobs.commit(upload: uploadID, digest: digest)
            blobs.removePartial(upload: uploadID)
            let officer = StaffMember(id: try officerUser.requireID(), role: .officer)
            try await RecordStore(ledger: services.ledger.writer).create(Record(
                activityID: video.id, caseID: enforcementCase.id, counterpartyID: enforcementCase.counterpartyID, kind: .video,
                blobSHA256: digest, byteCount: videoBytes, mimeType: "video/mp4", captureStart: video.startedAt,
                captureEnd: video.endedAt, createdBy: officer.id), at: services.clock.nowSeconds)

            let context = services.serviceContext(on: db)
            let archives = ArchiveService(context, setup: services.archiveSetup)
            _ = try await archives.close(enforcementCase.id, closedOn: services.today.description, summary: "基准", by: officer)

            resetPeak()
            let before = status("VmRSS")
            let started = ContinuousClock.now
            let archive = try await archives.archive(
                enforcementCase.id, period: .tenYears, securityClass: nil, by: StaffMember(id: try officeUser.requireID(), role: .office))
            let seconds = (ContinuousClock.now - started).seconds
            return Result(
                videoBytes: videoBytes, seconds: seconds, rssBeforeKiB: before, peakDuringKiB: status("VmHWM"),
                zipBytes: archive.zipFixity.byteCount, archivalCode: archive.archivalCode)
        }
    }

    /// Resets the peak resident size to the current one (Linux ≥ 4.0).
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }

    /// A `kB` figure of `/proc/self/status`.
    static func status(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
