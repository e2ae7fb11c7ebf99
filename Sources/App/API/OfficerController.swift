import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Officers and their enforcement certificates (SPEC P5, P6; issue 4 item 1). A changed
/// certificate is a new certificate row; the old one stays (nothing is updated in place).
struct OfficerController: RouteCollection {
    struct CertificateInput: Content {
        let number: String
        let issuer: String
        let scope: String
        let validFrom: String
        let validTo: String
    }

    struct OfficerInput: Content {
        let name: String
        let unitId: UUID
        let certificates: [CertificateInput]
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, URLs.apiOfficers.components, action: .manageOfficers, use: create)
        routes.protected(.GET, URLs.apiOfficers.components, action: .viewActivity, use: list)
        routes.protected(.POST, URLs.apiOfficerCertificates.components, action: .manageOfficers, use: addCertificate)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(OfficerInput.self)
        let officer = try await DirectoryService(req.serviceContext).createOfficer(
            name: input.name, unitID: input.unitId, certificates: input.certificates.map(\.service))
        return try await officer.encodeResponse(status: .created, for: req)
    }

    @Sendable
    func list(req: Request) async throws -> Page<Officer> {
        let paging = try req.query.decode(PageQuery.self)
        let total = try await OfficerModel.query(on: req.db).count()
        let ids = try await OfficerModel.query(on: req.db).sort(\.$name)
            .range(paging.offset..<(paging.offset + paging.perPage)).all().compactMap(\.id)
        let officers = try await ActivityQueries(database: req.db).officers(ids).sorted { $0.name < $1.name }
        return Page(items: officers, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func addCertificate(req: Request) async throws -> Response {
        let officerID = try req.uuidParameter("id")
        let input = try req.decodeBody(CertificateInput.self)
        let certificate = try await DirectoryService(req.serviceContext).addCertificate(input.service, toOfficer: officerID)
        return try await certificate.encodeResponse(status: .created, for: req)
    }
}

extension OfficerController.CertificateInput {
    var service: DirectoryService.CertificateInput {
        .init(number: number, issuer: issuer, scope: scope, validFrom: validFrom, validTo: validTo)
    }
}

extension Officer: Content {}
extension Certificate: Content {}
