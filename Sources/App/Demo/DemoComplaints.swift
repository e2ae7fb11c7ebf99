import Domain
import Fluent
import Foundation
import Persistence
import Services

/// The demo's complaint (issue 15 item 3; SPEC R13): a report by phone about a brigade officer,
/// received two weeks ago, assigned by the office to another officer of the brigade, linked to the
/// officer it concerns, and answered 属实 in time — so a handled complaint is on the staff desk, its
/// four events on the ledger, and its answer readable on the portal with the receipt and contact.
enum DemoComplaints {
    static let contact = "13800138000"

    static func seed(_ db: Database, services: LawTrailServices, units: [BureauUnit], officers: [Officer]) async throws {
        guard let model = try await UserModel.query(on: db).filter(\.$username == "demo-office").first(),
              let brigade = units.first(where: { $0.kind == .enforcementBrigade }) else { return }
        let office = StaffMember(id: try model.requireID(), role: .office)
        let brigadeOfficers = officers.filter { $0.unitID == brigade.id }
        guard brigadeOfficers.count >= 2 else { return }
        let context = services.serviceContext(on: db)
        let service = ComplaintService(context)
        let received = services.today.adding(days: -14)
        let complaint = try await service.enter(Complaint.Input(
            kind: Complaint.Kind.report.rawValue, channel: Complaint.Channel.phone.rawValue,
            subject: "反映执法人员在检查中未出示执法证件，且未告知检查依据。", concerning: brigadeOfficers[0].name,
            name: "李先生", contact: contact, receivedOn: received.description, officerID: brigadeOfficers[0].id), by: office)
        _ = try await service.assign(
            complaint.id, unitID: brigade.id, officerID: brigadeOfficers[1].id, note: "请核实检查过程并调阅执法记录", by: office)
        _ = try await service.answer(
            complaint.id, outcome: ComplaintAnswer.Outcome.partlySubstantiated.rawValue,
            text: "经调阅执法记录仪视频核实，执法人员出示了执法证件，但未告知检查依据，已责令整改并组织培训。", by: office)
    }
}
