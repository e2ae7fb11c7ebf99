import Domain
import Fluent
import Persistence
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
        routes.protected(.POST, ["api", "v1", "officers"], action: .manageOfficers, use: create)
        routes.protected(.GET, ["api", "v1", "officers"], action: .viewActivity, use: list)
        routes.protected(.POST, ["api", "v1", "officers", ":id", "certificates"], action: .manageOfficers, use: addCertificate)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let input = try req.decodeBody(OfficerInput.self)
        var errors: [String: String] = [:]
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty { errors["name"] = "必填" }
        if try await UnitModel.find(input.unitId, on: req.db) == nil { errors["unitId"] = "单位不存在" }
        let certificates = input.certificates.enumerated().compactMap { index, certificate in
            Self.certificate(certificate, key: "certificates[\(index)]", errors: &errors)
        }
        guard errors.isEmpty else { throw Problem.unprocessable("invalid-officer", "执法人员信息有误。", errors: errors) }
        let officer = Officer(name: input.name, unitID: input.unitId, certificates: certificates)
        try await DirectoryStore(ledger: req.ledgerWriter, protection: req.application.lawTrail.personalData)
            .create(units: [], officers: [officer], counterparties: [])
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
        guard try await OfficerModel.find(officerID, on: req.db) != nil else { throw Problem.notFound("执法人员不存在。") }
        var errors: [String: String] = [:]
        guard let certificate = Self.certificate(try req.decodeBody(CertificateInput.self), key: "certificate", errors: &errors) else {
            throw Problem.unprocessable("invalid-certificate", "执法证信息有误。", errors: errors)
        }
        let event = try DomainEvents.created(
            "officer.certificate_added", idField: "officerId", id: officerID, content: certificate.canonicalContent, at: Date())
        // SPEC P8 (三): the officer's published certificate item must be updated within 20 working days.
        let services = req.application.lawTrail
        let affected = try await PublicationQueries(database: req.db).certificatePublications(officer: officerID)
            .map(ObligationTarget.init(publication:))
        let obligations = affected.isEmpty ? [] : services.obligationRules.obligations(
            for: .certificateChanged(on: services.today, affected: affected))
        try await PublicationStore(ledger: req.ledgerWriter).create(obligations: obligations, at: Date(), along: [event]) { db in
            try await CertificateModel(certificate, officerID: officerID).create(on: db)
        }
        return try await certificate.encodeResponse(status: .created, for: req)
    }

    static func certificate(_ input: CertificateInput, key: String, errors: inout [String: String]) -> Certificate? {
        guard !input.number.trimmingCharacters(in: .whitespaces).isEmpty else {
            errors[key + ".number"] = "必填"
            return nil
        }
        guard let from = CivilDate(iso: input.validFrom), let to = CivilDate(iso: input.validTo), from <= to else {
            errors[key + ".validTo"] = "有效期应为 YYYY-MM-DD，且起始不晚于截止"
            return nil
        }
        return Certificate(number: input.number, issuer: input.issuer, scope: input.scope, validFrom: from, validTo: to)
    }
}

extension Officer: Content {}
extension Certificate: Content {}
