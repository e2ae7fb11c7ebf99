import Domain
import Fluent
import Persistence
import Services
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

    typealias CounterpartyBody = CounterpartyDirectory.Entry

    struct CounterpartyFile: Content {
        let counterparty: CounterpartyBody
        let cases: [EnforcementCase]
        let activities: [Activity]
        let records: Page<RecordMetadata>
    }

    func boot(routes: RoutesBuilder) throws {
        routes.protected(.POST, URLs.apiDevices.components, action: .registerDevice, use: registerDevice)
        routes.protected(.GET, URLs.apiDevices.components, action: .assignDevice, use: devices)
        routes.protected(.POST, URLs.apiDeviceAssignments.components, action: .assignDevice, use: assign)
        routes.protected(.POST, URLs.apiCounterparties.components, action: .createActivity, use: createCounterparty)
        routes.protected(.GET, URLs.apiCounterparties.components, action: .viewActivity, use: counterparties)
        routes.protected(.GET, URLs.apiCounterparty.components, action: .viewActivity, use: counterpartyFile)
    }

    @Sendable
    func registerDevice(req: Request) async throws -> Response {
        let input = try req.decodeBody(DeviceInput.self)
        let device = try await DirectoryService(req.serviceContext).registerDevice(serial: input.serial, model: input.model, kind: input.kind)
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
        try await DirectoryService(req.serviceContext).assign(device: deviceID, to: input.officerId)
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
        let counterparty = try await DirectoryService(req.serviceContext).createCounterparty(
            kind: input.kind, name: input.name, identifier: input.identifier, address: input.address, by: try req.staff)
        guard let row = try await CounterpartyModel.find(counterparty.id, on: req.db) else { throw Problem.notFound() }
        return try await CounterpartyDirectory(req.serviceContext).entry(row, for: try req.staff).encodeResponse(status: .created, for: req)
    }

    @Sendable
    func counterparties(req: Request) async throws -> Page<CounterpartyBody> {
        let paging = try req.query.decode(PageQuery.self)
        let (items, total) = try await CounterpartyDirectory(req.serviceContext).search(
            req.query[String.self, at: "q"], offset: paging.offset, limit: paging.perPage, for: try req.staff)
        return Page(items: items, page: paging.pageNumber, per: paging.perPage, total: total)
    }

    @Sendable
    func counterpartyFile(req: Request) async throws -> CounterpartyFile {
        let paging = try req.query.decode(PageQuery.self)
        let file = try await CounterpartyDirectory(req.serviceContext).file(
            try req.uuidParameter("id"), recordOffset: paging.offset, recordLimit: paging.perPage, for: try req.staff)
        return CounterpartyFile(
            counterparty: file.counterparty, cases: file.cases, activities: file.activities,
            records: Page(items: file.records.map(RecordMetadata.init), page: paging.pageNumber, per: paging.perPage, total: file.recordTotal))
    }
}

extension CounterpartyDirectory.Entry: Content {}
