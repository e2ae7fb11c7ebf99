import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Vapor

/// Hands pending publication steps to a channel (SPEC P2, P4; issue 5 item 8): to its webhook when
/// `LAWTRAIL_CHANNEL_<NAME>_URL` is set (POST, JSON; a failure is recorded and retried with a
/// doubling back-off, one minute up to a day), otherwise as an export file in `DATA_DIR/outbox/<channel>/`
/// for the channel's own upload tool. Either way each hand-over is recorded, so staff can see when
/// every publication reached every channel.
///
/// Only what the portal shows is handed over: the masked public content of a step whose version is
/// still the shown one; a withdrawal or expiry, or a step superseded since, is handed over as the
/// step alone, without content (SPEC P9.3, X4).
enum ChannelHandover {
    struct Result: Content {
        let channel: String
        let delivered: Int
        let failed: Int
        let waiting: Int
        let file: String?
    }

    /// One item of an export file or webhook body.
    struct Message: Encodable {
        let publicationId: String
        let step: String
        let kind: String
        let at: String
        let url: String
        /// The canonical public content as text — the exact bytes whose SHA-256 is in the ledger
        /// leaf, so the channel can check what it received; nil without content.
        let content: String?
        /// 公示截止期: the last day of the publicity period, or 长期 (issue 13 item 5 (a)); nil
        /// without content.
        let publicityDeadline: String?
        /// For a 双公示 kind, its national fields by label with 公示截止期 filled, as credit channels
        /// load them (issue 13 item 5 (a), (d)); nil otherwise or without content.
        let doublePublicity: [String: String]?
    }

    static let batch = 200

    static func run(
        _ channel: PublicationChannel, database: any Database, services: LawTrailServices, client: any Client, logger: Logger
    ) async throws -> Result {
        let store = ChannelOutboxStore(database: database)
        let now = services.now
        let pending = try await store.pending(channel, limit: batch)
        let all = pending.items
        // Back-off: after n failed attempts wait 2^(n-1) minutes, at most a day.
        let due = all.filter { item in
            guard item.failedAttempts > 0, let last = item.lastAttemptAt else { return true }
            let wait = min(86_400, 60 * pow(2, Double(item.failedAttempts - 1)))
            return now.timeIntervalSince(last) >= wait
        }
        let waiting = all.filter { !due.contains($0) }
        guard !due.isEmpty else {
            // Nothing to send: the mark still moves past steps this channel does not carry.
            try await store.advance(channel, after: pending, undelivered: waiting, at: now)
            return Result(channel: channel.rawValue, delivered: 0, failed: 0, waiting: all.count, file: nil)
        }
        let messages = try await due.asyncMap { try await message($0, database: database) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(["channel": AnyEncodable(channel.rawValue), "items": AnyEncodable(messages)])

        if let url = services.config.channelWebhooks[channel.rawValue] {
            do {
                let response = try await client.post(URI(string: url)) { request in
                    request.headers.contentType = .json
                    request.body = ByteBuffer(data: body)
                }
                guard (200..<300).contains(response.status.code) else { throw Abort(response.status) }
                try await store.record(due, channel: channel, method: "webhook", delivered: true, detail: "HTTP \(response.status.code)", at: now)
                try await store.advance(channel, after: pending, undelivered: waiting, at: now)
                return Result(channel: channel.rawValue, delivered: due.count, failed: 0, waiting: all.count - due.count, file: nil)
            } catch {
                logger.warning("channel \(channel.rawValue): webhook failed, will retry: \(error)")
                try await store.record(due, channel: channel, method: "webhook", delivered: false, detail: "\(error)", at: now)
                // The mark stays below the failed steps, so the next runs retry them.
                try await store.advance(channel, after: pending, undelivered: all, at: now)
                return Result(channel: channel.rawValue, delivered: 0, failed: due.count, waiting: all.count - due.count, file: nil)
            }
        }

        let folder = services.dataDirectory.outbox.appendingPathComponent(channel.rawValue, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = "\(fileStamp(now))-\(UUID().uuidString.prefix(8).lowercased()).json"
        let temporary = folder.appendingPathComponent("." + name)
        try body.write(to: temporary)
        try FileManager.default.moveItem(at: temporary, to: folder.appendingPathComponent(name))
        try await store.record(due, channel: channel, method: "file", delivered: true, detail: name, at: now)
        try await store.advance(channel, after: pending, undelivered: waiting, at: now)
        return Result(channel: channel.rawValue, delivered: due.count, failed: 0, waiting: all.count - due.count, file: name)
    }

    static func message(_ item: ChannelOutboxStore.Item, database: any Database) async throws -> Message {
        var content: String?
        var deadline: String?
        var doublePublicity: [String: String]?
        if let publication = try await PublicationQueries(database: database).publication(item.publicationID),
           let view = PublicView(publication), view.hasContent, view.versionID == item.versionID,
           let version = publication.publishedVersion {
            let shown = PublicContent.shown(version)
            content = String(decoding: try shown.canonicalBytes(), as: UTF8.self)
            deadline = OpenDataTable.publicityDeadline(shown, publicityLastDay: publication.period?.lastDay)
            doublePublicity = OpenDataTable.doublePublicityValues(shown, publicityLastDay: publication.period?.lastDay)
        }
        return Message(
            publicationId: item.publicationID.lowercased, step: item.step.rawValue, kind: item.kind.rawValue,
            at: ISO8601DateFormatter().string(from: item.at), url: SiteURL.publication(item.publicationID.lowercased).path,
            content: content, publicityDeadline: deadline, doublePublicity: doublePublicity)
    }

    static func fileStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}

/// Type erasure for a two-member JSON object of different types.
private struct AnyEncodable: Encodable {
    let encode: (Encoder) throws -> Void
    init(_ value: some Encodable) { encode = value.encode }
    func encode(to encoder: Encoder) throws { try encode(encoder) }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

extension Application {
    /// One hand-over run for `channel`, as the periodic job does it (for `lawtrail bench channel-job`).
    public func runChannelHandover(_ channel: PublicationChannel) async throws -> (delivered: Int, failed: Int, waiting: Int) {
        let result = try await ChannelHandover.run(channel, database: db, services: lawTrail, client: client, logger: logger)
        return (result.delivered, result.failed, result.waiting)
    }
}
