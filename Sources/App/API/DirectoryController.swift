import Domain
import Fluent
import Persistence
import Vapor

/// Devices (SPEC R8) and counterparties, with every case, activity and record about one
/// counterparty on one answer (SPEC R9.4 集中储存).
struct DirectoryController: RouteCollection {
    struct DeviceInput: Content {
        let serial: String
        let model: String
        let kind: String
    }

    struct AssignmentInput: Content {
        let officerId: UUID
    }

    struct DeviceBody: Content {
        let id: UUID
        let serial: String
        let model: String
        let kind: String
        let officerId: UUID?
    }

    struct CounterpartyBody: Content {
        let id: UUID
        let kind: String
        let name: String
        let identifier: String
        let address: String
    }

    struct CounterpartyFile: Content {
        let counterparty: CounterpartyBody
        let cases: [EnforcementCase]
        let activities: [Activity]
        let records: Page<RecordMetadata>
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, ["api", "v1", "devices"], action: .registerDevice, use: registerDevice)
        routes.protected(.GET, ["api", "v1", "devices"], action: .assignDevice, use: devices)
        routes.protected(.POST, ["api", "v1", "devices", ":id", "assignments"], action: .assignDevice, use: assign)
        routes.protected(.POST, ["api", "v1", "counterparties"], action: .createActivity, use: createCounterparty)
        routes.protected(.GET, ["api", "v1", "counterparties"], action: .viewActivity, use: counterparties)
        routes.protected(.GET, ["api", "v1", "counterparties", ":id"], action: .viewActivity, use: counterpartyFile)
    }

    @Sendable
    func registerDevice(req: Request) async throws -> Response {
        let input = try req.decodeBody(DeviceInput.self)
        var errors: [String: String] = [:]
        if input.serial.trimmingCharacters(in: .whitespaces).isEmpty { errors["serial"] = "必填" }
        if input.model.trimmingCharacters(in: .whitespaces).isEmpty { errors["model"] = "必填" }
        if try await DeviceModel.query(on: req.db).filter(\.$serial == input.serial).count() > 0 { errors["serial"] = "设备编号已登记" }
        guard errors.isEmpty else { throw Problem.unprocessable("invalid-device", "设备信息有误。", errors: errors) }
        let device = DeviceModel(serial: input.serial, model: input.model, kind: input.kind)
        try await ActivityStore(ledger: req.ledgerWriter).registerDevice(device)
        return try await DeviceBody(id: device.id!, serial: device.serial, model: device.model, kind: device.kind, officerId: nil)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable
    func devices(req: Request) async throws -> Page<DeviceBody> {
        let paging = try req.query.decode(PageQuery.self)
        let total = try await DeviceModel.query(on: req.db).count()
        let rows = try await DeviceModel.query(on: req.db).sort(\.$serial).range(paging.offset..<(paging.offset + paging.perPage)).all()
        var items: [DeviceBody] = []
        for row in rows {
            let holder = try await DeviceAssignmentModel.query(on: req.db).filter(\.$deviceID == row.id!)
                .sort(\.$createdAt, .descending).first()
            items.append(DeviceBody(id: row.id!, serial: row.serial, model: row.model, kind: row.kind, officerId: holder?.officerID))
        }
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func assign(req: Request) async throws -> HTTPStatus {
        let deviceID = try req.uuidParameter("id")
        let input = try req.decodeBody(AssignmentInput.self)
        guard try await DeviceModel.find(deviceID, on: req.db) != nil else { throw Problem.notFound("设备不存在。") }
        guard try await OfficerModel.find(input.officerId, on: req.db) != nil else {
            throw Problem.unprocessable("unknown-officer", "执法人员不存在。", errors: ["officerId": "不存在"])
        }
        try await ActivityStore(ledger: req.ledgerWriter).assign(device: deviceID, to: input.officerId)
        return .created
    }

    struct CounterpartyInput: Content {
        let kind: Counterparty.Kind
        let name: String
        let identifier: String
        let address: String
    }

    /// SPEC X4: the USCC or ID number is checked with its check character; a refusal says which
    /// character is wrong. A natural person's number is sealed before it is stored.
    @Sendable
    func createCounterparty(req: Request) async throws -> Response {
        let input = try req.decodeBody(CounterpartyInput.self)
        var errors: [String: String] = [:]
        if input.name.trimmingCharacters(in: .whitespaces).isEmpty { errors["name"] = "必填" }
        var identifier = input.identifier
        do {
            identifier = try Identifier.parse(input.identifier, as: IdentifierKind(for: input.kind), today: CivilDate(Date())).value
        } catch {
            errors["identifier"] = error.description
        }
        let protection = req.application.lawTrail.personalData
        if errors["identifier"] == nil, try await CounterpartyModel.query(on: req.db)
            .filter(\.$identifierLookup == CounterpartyModel.lookup(identifier, kind: input.kind, protection: protection)).count() > 0 {
            errors["identifier"] = "该行政相对人已登记"
        }
        guard errors.isEmpty else {
            throw Problem.unprocessable("invalid-counterparty", errors["identifier"] ?? "行政相对人信息有误。", errors: errors)
        }
        let counterparty = Counterparty(kind: input.kind, name: input.name, identifier: identifier, address: input.address)
        try await DirectoryStore(ledger: req.ledgerWriter, protection: protection).create(units: [], officers: [], counterparties: [counterparty])
        guard let row = try await CounterpartyModel.find(counterparty.id, on: req.db) else { throw Problem.notFound() }
        return try await Self.body(row, role: try req.user.role, protection: protection).encodeResponse(status: .created, for: req)
    }

    /// `?q=` name fragment or 统一社会信用代码, paged.
    @Sendable
    func counterparties(req: Request) async throws -> Page<CounterpartyBody> {
        let paging = try req.query.decode(PageQuery.self)
        let user = try req.user
        let query = CounterpartyModel.query(on: req.db)
        if let q = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            query.group(.or) { group in
                group.filter(\.$name, .custom("LIKE"), "%\(q)%")
                let protection = req.application.lawTrail.personalData
                group.filter(\.$identifierLookup == CounterpartyModel.lookup(q.uppercased(), kind: .legalPerson, protection: protection))
                group.filter(\.$identifierLookup == CounterpartyModel.lookup(q.uppercased(), kind: .naturalPerson, protection: protection))
            }
        }
        let total = try await query.count()
        let rows = try await query.sort(\.$name).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: try rows.map { try Self.body($0, role: user.role, protection: req.application.lawTrail.personalData) }, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func counterpartyFile(req: Request) async throws -> CounterpartyFile {
        let id = try req.uuidParameter("id")
        guard let row = try await CounterpartyModel.find(id, on: req.db) else { throw Problem.notFound("行政相对人不存在。") }
        let cases = try await CaseModel.query(on: req.db).filter(\.$counterpartyID == id).sort(\.$openedOn).all()
        let caseIDs = cases.compactMap(\.id)
        let activities = caseIDs.isEmpty ? [] : try await ActivityModel.query(on: req.db).filter(\.$caseID ~~ caseIDs).sort(\.$startedAt).all()
        let paging = try req.query.decode(PageQuery.self)
        let recordQuery = RecordModel.query(on: req.db).filter(\.$counterpartyID == id)
        let total = try await recordQuery.count()
        let records = try await recordQuery.sort(\.$createdAt).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return CounterpartyFile(
            counterparty: try Self.body(row, role: try req.user.role, protection: req.application.lawTrail.personalData),
            cases: try cases.map { try $0.domain() }, activities: try activities.map { try $0.domain() },
            records: Page(items: try records.map { RecordMetadata(try $0.domain()) }, page: paging.pageNumber, per: paging.perPage, total: total))
    }

    /// A natural person's identity number is shown only to roles that need it (SPEC X4, PIPL).
    static func body(_ row: CounterpartyModel, role: Role, protection: PersonalDataProtection) throws -> CounterpartyBody {
        let counterparty = try row.domain(protection: protection)
        let natural = counterparty.kind == .naturalPerson
        let identifier = natural && !Permissions.allows(role, .viewCounterpartyIdentity)
            ? PersonalDataMask.maskIdentityNumber(counterparty.identifier) : counterparty.identifier
        return CounterpartyBody(id: counterparty.id, kind: counterparty.kind.rawValue, name: counterparty.name,
                                identifier: identifier, address: counterparty.address)
    }
}
