import Domain
import Fluent
import Foundation
import Persistence
import Services

/// The demo's 双随机、一公开 (issue 15 item 1): a plan over the published 随机抽查事项, committed
/// with the brigade's and a supervisor's secret digests, both secrets revealed, the draw run — two
/// enterprises, two officers each — and the first inspection concluded with its result published,
/// so `/draws` shows a completed draw anyone can recompute and the portal shows its result.
enum DemoDraws {
    static func seed(_ db: Database, services: LawTrailServices, units: [BureauUnit]) async throws {
        func user(_ username: String, _ role: Role) async throws -> StaffMember? {
            guard let model = try await UserModel.query(on: db).filter(\.$username == username).first() else { return nil }
            return StaffMember(id: try model.requireID(), role: role, unitID: model.$unit.id, officerID: model.officerID)
        }
        guard let brigade = units.first(where: { $0.kind == .enforcementBrigade }),
              let leader = try await user("demo-brigade-leader", .brigadeLeader),
              let supervisor = try await user("demo-supervisor", .supervisor),
              let reviewer = try await user("demo-legal-section", .legalSection) else { return }
        let context = services.serviceContext(on: db)
        let (items, _) = try await PublicationQueries(database: db).staffList(
            state: PublicationState.published.slug, kind: .randomInspectionItem, offset: 0, limit: 1)
        guard let item = items.first else { return }
        // Each party makes up its own secret; here both are random, as a real party's should be.
        let secrets = (0..<2).map { _ in String((0..<24).map { _ in "abcdefghjkmnpqrstuvwxyz23456789".randomElement()! }) }
        let plans = InspectionPlanService(context)
        let drawID = try await plans.commit(.init(
            itemPublicationID: item.id, unitID: brigade.id, selection: .all, size: "2",
            parties: [
                DrawPartyCommitment(party: "执法大队", secretSHA256: VerifiableDraw.secretDigest(secrets[0])),
                DrawPartyCommitment(party: "区司法局行政执法监督员", secretSHA256: VerifiableDraw.secretDigest(secrets[1])),
            ], publicValueSource: nil), by: leader)
        let draws = DrawService(context: context)
        try await draws.reveal(drawID: drawID, party: "执法大队", secret: secrets[0], by: leader)
        try await draws.reveal(drawID: drawID, party: "区司法局行政执法监督员", secret: secrets[1], by: supervisor)
        _ = try await plans.run(drawID: drawID, publicValue: nil, by: leader)

        guard let first = try await DrawQueries(database: db).inspections(drawID: drawID).first?.model.id else { return }
        let inspections = InspectionService(context)
        try await inspections.conclude(
            first, concludedOn: services.today.description, outcome: InspectionOutcome.rectificationOrdered.rawValue,
            summary: "检查发现一般事故隐患2处（有限空间作业未设置警示标识、应急预案未按期演练），已责令限期整改。", by: leader)
        let draft = try await inspections.draftResult(first, by: leader)
        let publications = PublicationService(context)
        _ = try await publications.perform(.submit, on: draft.id, by: leader)
        _ = try await publications.perform(.approve, on: draft.id, category: .inspectionResult, by: reviewer)
        _ = try await publications.perform(.publish, on: draft.id, by: leader)
    }
}
