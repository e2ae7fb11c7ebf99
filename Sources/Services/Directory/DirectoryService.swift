import Domain
import FluentKit
import Foundation
import Persistence

/// The directory's writes (SPEC P5, P6, R3, X4): officers and their certificates, recording
/// devices and who holds them, counterparties. A changed certificate is a new certificate; the
/// old one stays. Each write carries its ledger event.
public struct DirectoryService: Sendable {
    /// A certificate as typed: dates as `YYYY-MM-DD` text.
    public struct CertificateInput: Sendable {
        public var number: String
        public var issuer: String
        public var scope: String
        public var validFrom: String
        public var validTo: String

        public init(number: String, issuer: String, scope: String, validFrom: String, validTo: String) {
            self.number = number
            self.issuer = issuer
            self.scope = scope
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: DirectoryStore { DirectoryStore(ledger: context.ledger, protection: context.personalData) }

    // MARK: Officers (SPEC P5, P6)

    public func createOfficer(name: String, unitID: UUID, certificates: [CertificateInput]) async throws -> Officer {
        var errors: [String: String] = [:]
        if name.trimmingCharacters(in: .whitespaces).isEmpty { errors["name"] = "必填" }
        if try await UnitModel.find(unitID, on: context.database) == nil { errors["unitId"] = "单位不存在" }
        let parsed = certificates.enumerated().compactMap { index, certificate in
            Self.certificate(certificate, key: "certificates[\(index)]", errors: &errors)
        }
        guard errors.isEmpty else { throw ServiceRefusal.invalid("invalid-officer", "执法人员信息有误。", errors: errors) }
        let officer = Officer(name: name, unitID: unitID, certificates: parsed)
        try await store.create(units: [], officers: [officer], counterparties: [], at: context.clock.nowSeconds)
        return officer
    }

    /// Adds a certificate; SPEC P8 (三): the officer's published certificate item must then be
    /// updated within 20 working days, so that duty is created with it.
    public func addCertificate(_ input: CertificateInput, toOfficer officerID: UUID) async throws -> Certificate {
        guard try await OfficerModel.find(officerID, on: context.database) != nil else {
            throw ServiceRefusal.notFound("执法人员不存在。")
        }
        var errors: [String: String] = [:]
        guard let certificate = Self.certificate(input, key: "certificate", errors: &errors) else {
            throw ServiceRefusal.invalid("invalid-certificate", "执法证信息有误。", errors: errors)
        }
        let at = context.clock.nowSeconds
        let event = try DomainEvents.created(
            "officer.certificate_added", idField: "officerId", id: officerID, content: certificate.canonicalContent, at: at)
        let affected = try await PublicationQueries(database: context.database).certificatePublications(officer: officerID)
            .map(ObligationTarget.init(publication:))
        let obligations = affected.isEmpty ? [] : context.obligationRules.obligations(
            for: .certificateChanged(on: context.clock.today, affected: affected))
        try await PublicationStore(ledger: context.ledger).create(obligations: obligations, at: at, along: [event], work: { db in
            try await CertificateModel(certificate, officerID: officerID).create(on: db)
        })
        return certificate
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

    // MARK: Devices (SPEC R3)

    public func registerDevice(serial: String, model: String, kind: String) async throws -> DeviceModel {
        var errors: [String: String] = [:]
        if serial.trimmingCharacters(in: .whitespaces).isEmpty { errors["serial"] = "必填" }
        if model.trimmingCharacters(in: .whitespaces).isEmpty { errors["model"] = "必填" }
        if try await DeviceModel.query(on: context.database).filter(\.$serial == serial).count() > 0 { errors["serial"] = "设备编号已登记" }
        guard errors.isEmpty else { throw ServiceRefusal.invalid("invalid-device", "设备信息有误。", errors: errors) }
        let device = DeviceModel(serial: serial, model: model, kind: kind)
        try await ActivityStore(ledger: context.ledger).registerDevice(device, at: context.clock.nowSeconds)
        return device
    }

    public func assign(device deviceID: UUID, to officerID: UUID) async throws {
        guard try await DeviceModel.find(deviceID, on: context.database) != nil else { throw ServiceRefusal.notFound("设备不存在。") }
        guard try await OfficerModel.find(officerID, on: context.database) != nil else {
            throw ServiceRefusal.invalid("unknown-officer", "执法人员不存在。", errors: ["officerId": "不存在"])
        }
        try await ActivityStore(ledger: context.ledger).assign(device: deviceID, to: officerID, at: context.clock.nowSeconds)
    }

    // MARK: Counterparties (SPEC X4)

    /// The USCC or ID number is checked with its check character; a refusal says which character
    /// is wrong. A natural person's number is sealed before it is stored.
    ///
    /// Registering a natural person answers whether the number is already known, so it counts
    /// against the same hourly allowance as a search by ID number (issue 12 item 6).
    public func createCounterparty(
        kind: Counterparty.Kind, name: String, identifier typed: String, address: String, by staff: StaffMember,
        lookupLimit: IdentityNumberLookupLimit = .standard
    ) async throws -> Counterparty {
        if kind == .naturalPerson {
            try await CounterpartyDirectory(context).reserveIdentityNumberLookup(by: staff, limit: lookupLimit)
        }
        var errors: [String: String] = [:]
        if name.trimmingCharacters(in: .whitespaces).isEmpty { errors["name"] = "必填" }
        var identifier = typed
        do {
            identifier = try Identifier.parse(typed, as: IdentifierKind(for: kind), today: context.clock.today).value
        } catch {
            errors["identifier"] = error.description
        }
        if errors["identifier"] == nil, try await CounterpartyModel.query(on: context.database)
            .filter(\.$identifierLookup == CounterpartyModel.lookup(identifier, kind: kind, protection: context.personalData)).count() > 0 {
            errors["identifier"] = "该行政相对人已登记"
        }
        guard errors.isEmpty else {
            throw ServiceRefusal.invalid("invalid-counterparty", errors["identifier"] ?? "行政相对人信息有误。", errors: errors)
        }
        let counterparty = Counterparty(kind: kind, name: name, identifier: identifier, address: address)
        try await store.create(units: [], officers: [], counterparties: [counterparty], at: context.clock.nowSeconds)
        return counterparty
    }
}
