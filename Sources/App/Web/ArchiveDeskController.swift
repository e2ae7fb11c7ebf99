import Domain
import Fluent
import Persistence
import Services
import Vapor

/// The archive desk (issue 14 items 2 and 5; SPEC R10, R11): closed cases waiting to be archived,
/// with paging and search; the archive form (保管期限, 密级); the packages with their 四性检测 report;
/// and the download of a package's ZIP. The office archives and downloads; the leadership may look.
/// Closing a case is on the case page (`close`), for those who conclude enforcement.
struct ArchiveDeskController: RouteCollection {
    static let pageSize = 20

    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffArchive.components, action: .viewArchives, use: desk)
        routes.staff(.GET, URLs.staffArchiveCase.components, action: .viewArchives, use: caseForm)
        routes.staff(.POST, URLs.staffArchiveCase.components, action: .archiveRecords, use: archive)
        routes.staff(.GET, URLs.staffArchivePackage.components, action: .viewArchives, use: package)
        routes.staff(.GET, URLs.staffArchivePackageZip.components, action: .archiveRecords, use: download)
        routes.staff(.POST, URLs.staffCaseClose.components, action: .closeCase, use: close)
    }

    // MARK: The desk

    struct DeskPage: Content {
        struct Waiting: Content {
            let url: String
            let caseURL: String
            let number: String
            let title: String
            let closedOn: String
        }
        struct Package: Content {
            let url: String
            let archivalCode: String
            let number: String
            let title: String
            let period: String
            let securityClass: String
            let archivedOn: String
            let passed: Bool
        }
        let ctx: StaffContext
        let query: String
        let waiting: [Waiting]
        let waitingTotal: Int
        let packages: [Package]
        let page: Int
        let previousURL: String?
        let nextURL: String?
        let canArchive: Bool
    }

    @Sendable
    func desk(req: Request) async throws -> View {
        let query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let queries = ArchiveQueries(database: req.db)
        var waiting: [DeskPage.Waiting] = []
        for row in try await queries.closedNotArchived() {
            guard let found = try await CaseModel.find(row.closure.caseID, on: req.db)?.domain() else { continue }
            if !query.isEmpty, !found.number.contains(query), !found.title.contains(query) { continue }
            waiting.append(.init(
                url: URLs.staffArchiveCase.path(found.id), caseURL: URLs.staffCase.path(found.id), number: found.number,
                title: found.title, closedOn: row.closure.closedOn.chinese))
        }
        let total = waiting.count
        let shown = Array(waiting.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
        let (archives, archiveTotal) = try await queries.archives(offset: (page - 1) * Self.pageSize, limit: Self.pageSize)
        var packages: [DeskPage.Package] = []
        for archive in archives {
            let found = try await CaseModel.find(archive.caseID, on: req.db)?.domain()
            packages.append(.init(
                url: URLs.staffArchivePackage.path(archive.packageID), archivalCode: archive.archivalCode,
                number: found?.number ?? "", title: found?.title ?? "", period: archive.retentionPeriod.chineseName,
                securityClass: archive.securityClass.chineseName, archivedOn: archive.archivedOn.chinese, passed: archive.report.passed))
        }
        let more = page * Self.pageSize < max(total, archiveTotal)
        func link(_ number: Int) -> String {
            URLs.staffArchive.url + "?page=\(number)" + (query.isEmpty ? "" : "&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return try await req.view.render("staff/archive", DeskPage(
            ctx: try StaffContext(req), query: query, waiting: shown, waitingTotal: total, packages: packages, page: page,
            previousURL: page > 1 ? link(page - 1) : nil, nextURL: more ? link(page + 1) : nil,
            canArchive: try req.staff.may(.archiveRecords)))
    }

    // MARK: Archiving one case

    struct CasePage: Content {
        let ctx: StaffContext
        let id: String
        let number: String
        let title: String
        let caseURL: String
        let openedOn: String
        let closedOn: String?
        let summary: String?
        let recordCount: Int
        let periods: [RetrievalPagesController.Option]
        let classes: [RetrievalPagesController.Option]
        let requiredClass: String
        let packageURL: String?
        let canArchive: Bool
        let error: String?
        let errors: [String]
    }

    @Sendable
    func caseForm(req: Request) async throws -> View {
        try await renderCase(req, caseID: try req.uuidParameter("id"), error: nil)
    }

    private func renderCase(
        _ req: Request, caseID: UUID, error: String?, errors: [String] = [], period: RetentionPeriod = .thirtyYears, chosen: SecurityClass? = nil
    ) async throws -> View {
        let services = req.serviceContext
        let found = try await CaseService(services).enforcementCase(caseID)
        let archiveService = ArchiveService(services, setup: req.application.lawTrail.archiveSetup)
        let closure = try await archiveService.closure(caseID)
        let required = try await archiveService.requiredSecurityClass(caseID)
        let archived = try await archiveService.archive(caseID: caseID)
        let count = try await RecordModel.query(on: req.db).filter(\.$caseID == caseID).count()
        return try await req.view.render("staff/archive-case", CasePage(
            ctx: try StaffContext(req), id: caseID.uuidString.lowercased(), number: found.number, title: found.title,
            caseURL: URLs.staffCase.path(caseID), openedOn: found.openedOn.chinese, closedOn: closure?.closedOn.chinese,
            summary: closure?.summary, recordCount: count,
            periods: RetentionPeriod.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0 == period) },
            classes: SecurityClass.allCases.filter { $0 >= required }.map {
                .init(value: $0.rawValue, label: $0.chineseName, selected: $0 == (chosen ?? required))
            },
            requiredClass: required.chineseName, packageURL: archived.map { URLs.staffArchivePackage.path($0.packageID) },
            canArchive: try req.staff.may(.archiveRecords) && closure != nil && archived == nil, error: error, errors: errors))
    }

    struct ArchiveForm: Content {
        var retentionPeriod: String?
        var securityClass: String?
    }

    @Sendable
    func archive(req: Request) async throws -> Response {
        let caseID = try req.uuidParameter("id")
        let form = try req.content.decode(ArchiveForm.self)
        guard let period = form.retentionPeriod.flatMap(RetentionPeriod.init(rawValue:)) else {
            return try await renderCase(req, caseID: caseID, error: "请选择保管期限。").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let chosen = form.securityClass.flatMap(SecurityClass.init(rawValue:))
        do {
            let archive = try await req.loggingRefusal("archive of case \(caseID.uuidString.lowercased())") {
                try await ArchiveService(req.serviceContext, setup: req.application.lawTrail.archiveSetup)
                    .archive(caseID, period: period, securityClass: chosen, by: try req.staff)
            }
            return req.redirect(to: URLs.staffArchivePackage.path(archive.packageID) + "?notice=archived", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderCase(
                req, caseID: caseID, error: refusal.detail, errors: refusal.errors.sorted { $0.key < $1.key }.map(\.value),
                period: period, chosen: chosen
            ).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: A package

    struct PackagePage: Content {
        struct Property: Content {
            let label: String
            let key: String
            let passed: Bool
            let checks: [FourPropertiesReport.Check]
        }
        let ctx: StaffContext
        let notice: String?
        let archivalCode: String
        let packageId: String
        let number: String
        let title: String
        let caseURL: String
        let period: String
        let securityClass: String
        let archivedOn: String
        let recordCount: Int
        let zipSha256: String
        let zipSm3: String?
        let zipBytes: Int64
        let tagManifestSha256: String
        let ledgerIndex: UInt64
        let ledgerURL: String
        let checkedAt: String
        let passed: Bool
        let properties: [Property]
        let downloadURL: String?
    }

    @Sendable
    func package(req: Request) async throws -> View {
        let archive = try await ArchiveService(req.serviceContext, setup: req.application.lawTrail.archiveSetup)
            .package(try req.uuidParameter("id"))
        let found = try await CaseService(req.serviceContext).enforcementCase(archive.caseID)
        let index = archive.ledgerIndex ?? 0
        return try await req.view.render("staff/archive-package", PackagePage(
            ctx: try StaffContext(req), notice: req.query[String.self, at: "notice"] == "archived" ? "已通过四性检测并归档。" : nil,
            archivalCode: archive.archivalCode, packageId: archive.packageID.uuidString.lowercased(), number: found.number,
            title: found.title, caseURL: URLs.staffCase.path(archive.caseID), period: archive.retentionPeriod.chineseName,
            securityClass: archive.securityClass.chineseName, archivedOn: archive.archivedOn.chinese, recordCount: archive.recordCount,
            zipSha256: archive.zipFixity.sha256, zipSm3: archive.zipFixity.sm3, zipBytes: archive.zipFixity.byteCount,
            tagManifestSha256: archive.tagManifestSha256, ledgerIndex: index, ledgerURL: URLs.ledgerEntry.path(String(index)),
            checkedAt: archive.report.checkedAt, passed: archive.report.passed,
            properties: archive.report.properties.map { .init(label: $0.label, key: $0.key, passed: $0.passed, checks: $0.checks) },
            downloadURL: try req.staff.may(.archiveRecords) ? URLs.staffArchivePackageZip.path(archive.packageID) : nil))
    }

    /// The package's ZIP, streamed from disk (never read into memory).
    @Sendable
    func download(req: Request) async throws -> Response {
        let archive = try await ArchiveService(req.serviceContext, setup: req.application.lawTrail.archiveSetup)
            .package(try req.uuidParameter("id"))
        let url = req.application.lawTrail.archiveSetup.zipFile(archive.packageID)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return try await StaffPages.message(req, status: .notFound, title: "档案包文件不存在", text: "数据库中有该档案包，但磁盘上找不到它的 ZIP 文件，请联系系统管理员。")
        }
        let response = try await req.fileio.asyncStreamFile(at: url.path, mediaType: HTTPMediaType(type: "application", subType: "zip"))
        response.headers.setAttachment(filename: "archive-\(archive.archivalCode).zip")
        return response
    }

    // MARK: Closing a case (on the case page)

    struct CloseForm: Content {
        var closedOn: String?
        var summary: String?
    }

    @Sendable
    func close(req: Request) async throws -> Response {
        let caseID = try req.uuidParameter("id")
        let form = try req.content.decode(CloseForm.self)
        do {
            _ = try await req.loggingRefusal("closing of case \(caseID.uuidString.lowercased())") {
                try await ArchiveService(req.serviceContext, setup: req.application.lawTrail.archiveSetup)
                    .close(caseID, closedOn: form.closedOn, summary: form.summary, by: try req.staff)
            }
            return req.redirect(to: URLs.staffCase.path(caseID) + "?notice=closed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            let text = ([refusal.detail] + refusal.errors.sorted { $0.key < $1.key }.map(\.value)).joined(separator: "；")
            return try await StaffPages.message(req, status: refusal.httpStatus, title: "未能结案", text: text)
        }
    }
}
