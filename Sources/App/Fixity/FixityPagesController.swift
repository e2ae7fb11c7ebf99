import Domain
import Persistence
import Vapor

/// `/staff/fixity` (issue 14 item 4): the fixity audit's stored batches, newest first, 20 a page,
/// each with its cycle, the digest range it covered, its counts and its failures — the rows behind
/// the `fixity.checked` events. For the office (archives), the legal section and the leadership.
struct FixityPagesController: RouteCollection {
    static let perPage = 20

    struct Page: Content {
        struct Row: Content {
            let cycle: String
            let batch: Int
            let range: String
            let blobs: Int
            let megabytes: String
            let failed: Int
            let completes: Bool
            let finished: String
            let failures: [Failure]
        }
        struct Failure: Content {
            let digest: String
            let problem: String
            let holders: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let lastCompleted: String
        let current: Int
        let rate: String
        let page: Int
        let previousURL: String?
        let nextURL: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffFixity.components, action: .viewFixityAudits, use: page)
    }

    @Sendable
    func page(req: Request) async throws -> View {
        let queries = FixityQueries(database: req.db)
        let page = max(1, min(100_000, req.query[Int.self, at: "page"] ?? 1))
        let (batches, total) = try await queries.batches(offset: (page - 1) * Self.perPage, limit: Self.perPage)
        let rows = batches.map { batch in
            Page.Row(
                cycle: String(batch.cycleID.uuidString.lowercased().prefix(8)), batch: batch.batch,
                range: "\(batch.after.map { String($0.prefix(8)) } ?? "开始")…\(batch.cursor.map { String($0.prefix(8)) } ?? "—")",
                blobs: batch.blobsChecked, megabytes: String(format: "%.1f", Double(batch.bytesChecked) / 1_048_576),
                failed: batch.failures.count, completes: batch.completesCycle, finished: ShanghaiTime.chinese(batch.finishedAt),
                failures: batch.failures.map { failure in
                    let holders = failure.recordIDs.map { "记录 \($0.lowercased)" } + failure.correctionRequestIDs.map { "更正申请附件 \($0.lowercased)" }
                    return .init(digest: failure.blobSHA256, problem: failure.problem.chineseName,
                                 holders: holders.isEmpty ? "—" : holders.joined(separator: "；"))
                })
        }
        let config = req.application.lawTrail.config
        let base = URLs.staffFixity.url + "?page="
        return try await req.view.render("staff/fixity", Page(
            ctx: try StaffContext(req), rows: rows,
            lastCompleted: try await queries.lastCompletedCycle().map { ShanghaiTime.chinese($0.finishedAt) } ?? "尚未完成过",
            current: try await queries.currentFailures().count,
            rate: config.fixityBytesPerSecond == 0 ? "已关闭" : "每秒 \(config.fixityBytesPerSecond / 1_048_576) MiB",
            page: page, previousURL: page > 1 ? base + "\(page - 1)" : nil,
            nextURL: page * Self.perPage < total ? base + "\(page + 1)" : nil))
    }
}
