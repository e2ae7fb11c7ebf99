@testable import App
import Crypto
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import Services
import Testing
import TestSupport
import VaporTesting

/// Issue 15 review: what a complaint's subject and a recusal's leaf must not give away.
@Suite struct SupervisionSafeguardsTests {
    @Test("R13: a staff member a complaint is about cannot open or handle it, whatever the role", arguments: TestDatabase.all)
    func aComplaintIsNeverShownToThePersonItIsAbout(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let context = app.lawTrail.serviceContext(on: app.db)
            let officers = try await OfficerModel.query(on: app.db).all()
            let accused = try #require(officers.first), other = try #require(officers.last)
            let office = StaffMember(id: try await RecordFixtures.signIn(app, role: .office).userID, role: .office)
            let service = ComplaintService(context)
            let complaint = try await service.enter(Complaint.Input(
                kind: "report", channel: "phone", subject: "举报执法人员在检查中索要财物。", concerning: "检查人员",
                name: "王某", contact: "13911112222", receivedOn: app.lawTrail.today.description, officerID: accused.id), by: office)
            // A legal-section account linked to the accused officer: refused, and the complaint is not in its list.
            let accusedAccount = StaffMember(
                id: try await RecordFixtures.signIn(app, role: .legalSection).userID, role: .legalSection, officerID: accused.id)
            let refused = await #expect(throws: ServiceRefusal.self) { try await service.detail(complaint.id, by: accusedAccount) }
            #expect(refused?.type == "complaint-about-you")
            let answer = await #expect(throws: ServiceRefusal.self) {
                try await service.answer(complaint.id, outcome: "unsubstantiated", text: "经查不属实。", by: accusedAccount)
            }
            #expect(answer?.type == "complaint-about-you")
            let (listed, _) = try await service.list(.init(), offset: 0, limit: 50, by: accusedAccount)
            #expect(!listed.contains { $0.complaint.id == complaint.id })
            // Anyone else in the role still handles it.
            let colleague = StaffMember(
                id: try await RecordFixtures.signIn(app, role: .legalSection).userID, role: .legalSection, officerID: other.id)
            #expect(try await service.detail(complaint.id, by: colleague).complaint.id == complaint.id)
        }
    }

    @Test("P7.3: a recusal's reason is on the leaf only as a salted digest", arguments: TestDatabase.all)
    func aRecusalReasonCannotBeGuessedFromTheLeaf(database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app in
            let leader = StaffMember(id: try await RecordFixtures.signIn(app, role: .brigadeLeader).userID, role: .brigadeLeader)
            let officer = try #require(try await OfficerModel.query(on: app.db).first())
            let company = try #require(try await CounterpartyModel.query(on: app.db).filter(\.$kind == "legal-person").first())
            let id = try await InspectionService(app.lawTrail.serviceContext(on: app.db)).declareRelation(
                officerID: officer.id, counterparty: company.identifier, relation: "亲属", by: leader)
            let size = try await LedgerReader(database: app.db).size()
            let entry = try #require(try await LedgerReader(database: app.db).entry(size - 1))
            #expect(entry.eventType == "officer.relation_declared")
            let leaf = String(decoding: entry.leaf, as: UTF8.self)
            #expect(leaf.contains(id.uuidString.lowercased()) && !leaf.contains("亲属"))
            // The digest of the bare reason — what someone guessing would compute — is not on the leaf.
            let guess = try DomainEvents.contentDigest(.string("亲属"))
            #expect(!leaf.contains(guess))
            let row = try #require(try await OfficerRelationModel.find(id, on: app.db))
            let salted = try DomainEvents.contentDigest(["relation": .string("亲属"), "salt": .string(row.salt)])
            #expect(leaf.contains(salted))
        }
    }
}
