import Domain
import Fluent
import Persistence
import Vapor

/// Open data and the Atom feed (issue 5 item 8; SPEC P2, P4): per kind, every listed publication in
/// JSON and CSV (UTF-8 with BOM) with the national 双公示 field names, streamed in keyset pages so a
/// million rows cost one walk of the index and constant memory; and an Atom feed of the newest.
struct OpenDataController: RouteCollection {
    static let chunk = 500

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.openData.components, use: index)
        routes.get(SiteURL.openDataFile(":file").components, use: file)
        routes.get(SiteURL.feed.components, use: feed)
    }

    struct IndexPage: Content {
        struct Entry: Content {
            let name: String
            let jsonURL: String
            let csvURL: String
            let columns: String
        }

        let bureauName: String
        let todayChinese: String
        let entries: [Entry]
        let feedURL: String
    }

    @Sendable
    func index(req: Request) async throws -> View {
        let services = req.application.lawTrail
        let entries = PublicationKind.allCases.map { kind in
            IndexPage.Entry(
                name: kind.chineseName, jsonURL: SiteURL.openDataFile(kind.rawValue + ".json").path,
                csvURL: SiteURL.openDataFile(kind.rawValue + ".csv").path,
                columns: OpenDataTable(kind: kind).header.joined(separator: "、"))
        }
        return try await req.view.render("open-data", IndexPage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, entries: entries,
            feedURL: SiteURL.feed.path))
    }

    @Sendable
    func file(req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        // Exactly `<kind>.csv` or `<kind>.json`: the name goes into a header (issue 12 item 1).
        let isCSV = name.hasSuffix(".csv")
        guard isCSV || name.hasSuffix(".json"),
              let kind = PublicationKind(rawValue: String(name.prefix(while: { $0 != "." }))),
              name == kind.rawValue + (isCSV ? ".csv" : ".json") else {
            throw Problem.notFound("没有该开放数据文件。")
        }
        let database = req.db
        let today = req.application.lawTrail.today
        // Generated once per change of the ledger (every publication step is an entry) and day,
        // then served from disk (issue 12 item 7): a request costs one indexed MAX, not a walk of
        // every listed row.
        let stamp = "\(today)/\(try await LedgerReader(database: database).size())"
        let file = try await req.application.openDataFiles.file(
            name: name, stamp: stamp, slots: req.application.publicCost.exports
        ) { target in
            try await Self.write(kind: kind, isCSV: isCSV, today: today, database: database, to: target)
        }
        let response = try await req.fileio.asyncStreamFile(at: file.path)
        response.headers.contentType = isCSV
            ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]) : .json
        response.headers.setAttachment(filename: name)
        response.headers.cacheControl = .init(maxAge: 300)
        return response
    }

    /// Writes one open-data file, walking the listed rows in keyset pages (constant memory).
    static func write(kind: PublicationKind, isCSV: Bool, today: CivilDate, database: any Database, to target: URL) async throws {
        guard FileManager.default.createFile(atPath: target.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "cannot create \(target.path)")
        }
        let handle = try FileHandle(forWritingTo: target)
        defer { try? handle.close() }
        let table = OpenDataTable(kind: kind)
        let queries = PublicationQueries(database: database)
        var after: (date: String, id: String)?
        var first = true
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if isCSV {
            try handle.write(contentsOf: CSVDocument.byteOrderMark + Array(CSVDocument.record(table.header).utf8))
        } else {
            let head = "{\"kind\":\"\(kind.rawValue)\",\"kindName\":\"\(kind.chineseName)\",\"generatedOn\":\"\(today)\",\"columns\":"
            try handle.write(contentsOf: Array(head.utf8) + (try encoder.encode(table.header)) + Array(",\"items\":[".utf8))
        }
        while true {
            let page = try await queries.publicContents(kind: kind, today: today, after: after, limit: Self.chunk)
            guard let last = page.last else { break }
            after = (last.item.date?.description ?? "", last.item.id.lowercased)
            var buffer = Data()
            for (item, content) in page {
                let status = item.state == PublicationState.corrected.slug ? "已更正" : "已公示"
                let row = table.row(
                    content, status: status, date: item.date, publicityLastDay: item.publicityLastDay, url: SiteURL.publication(item.id.lowercased).path)
                if isCSV {
                    buffer.append(contentsOf: Array(CSVDocument.record(row).utf8))
                } else {
                    if !first { buffer.append(contentsOf: Array(",".utf8)) }
                    first = false
                    buffer.append(try encoder.encode(Dictionary(uniqueKeysWithValues: zip(table.header, row))))
                }
            }
            try handle.write(contentsOf: buffer)
            if page.count < Self.chunk { break }
        }
        if !isCSV { try handle.write(contentsOf: Array("]}\n".utf8)) }
        try handle.synchronize()
    }

    /// The newest 50 listed publications as Atom (RFC 4287).
    @Sendable
    func feed(req: Request) async throws -> Response {
        let services = req.application.lawTrail
        let (items, _) = try await PublicationQueries(database: req.db)
            .publicList(.init(), today: services.today, offset: 0, limit: 50)
        let base = Self.baseURL(req)
        let updated = items.compactMap(\.publishedAt).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(XMLText.escape(services.config.bureauName))行政执法公示</title>
            <id>\(XMLText.escape(base))/feed.atom</id>
            <link rel="self" href="\(XMLText.escape(base))/feed.atom"/>
            <link href="\(XMLText.escape(base))/publications"/>
            <updated>\(Self.rfc3339(updated))</updated>
            <author><name>\(XMLText.escape(services.config.bureauName))</name></author>

            """
        for item in items {
            let url = base + SiteURL.publication(item.id.lowercased).path
            let summary = [item.kind.chineseName, item.party, item.partyCode, item.date?.chinese].compactMap { $0 }.joined(separator: " · ")
            xml += """
                <entry>
                <title>\(XMLText.escape(item.title))</title>
                <id>urn:uuid:\(item.id.lowercased)</id>
                <link href="\(XMLText.escape(url))"/>
                <updated>\(Self.rfc3339(item.publishedAt ?? updated))</updated>
                <category term="\(item.kind.rawValue)" label="\(XMLText.escape(item.kind.chineseName))"/>
                <summary>\(XMLText.escape(summary))</summary>
                </entry>

                """
        }
        xml += "</feed>\n"
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        response.headers.cacheControl = .init(maxAge: 60)
        return response
    }

    /// The feed's absolute base: the configured public address, else this request's `Host` when it
    /// is a plain host name (issue 12 item 1: a client-chosen header must not write the feed's links).
    static func baseURL(_ req: Request) -> String {
        if let base = req.application.lawTrail.config.publicBaseURL { return base }
        let host = req.headers.first(name: .host) ?? ""
        let plain = !host.isEmpty && host.count <= 255
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
        return (req.isHTTPS ? "https://" : "http://") + (plain ? host : "localhost")
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
