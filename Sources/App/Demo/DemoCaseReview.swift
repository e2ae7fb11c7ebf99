import Domain
import Fluent
import Foundation
import Persistence
import Services

/// The demo's 案卷评查 (issue 15 item 2): an inspection closed last month whose on-site record was
/// never entered, reviewed by the legal section's second account (who handled nothing of it), the
/// finding "no text record" sent to the brigade, rectified and closed. The review is not from a
/// sample: a closed case may be reviewed whether or not it was drawn.
enum DemoCaseReview {
    static func seed(_ db: Database, services: LawTrailServices, units: [BureauUnit], officers: [Officer], counterparty: Counterparty) async throws {
        func user(_ username: String, _ role: Role) async throws -> StaffMember? {
            guard let model = try await UserModel.query(on: db).filter(\.$username == username).first() else { return nil }
            return StaffMember(id: try model.requireID(), role: role, unitID: model.$unit.id, officerID: model.officerID)
        }
        guard let brigade = units.first(where: { $0.kind == .enforcementBrigade }),
              let officer = try await user("demo-officer", .officer),
              let reviewer = try await user("demo-legal-section-2", .legalSection),
              let leader = try await user("demo-brigade-leader", .brigadeLeader),
              let opened = services.today.adding(months: -2), let closedOn = services.today.adding(months: -1)
        else { return }
        let context = services.serviceContext(on: db)
        let start = opened.startInstant().addingTimeInterval(9.5 * 3600)
        let pair = Array(officers.filter { $0.unitID == brigade.id }.prefix(2).map(\.id))
        let enforcementCase = EnforcementCase(
            number: "普应急检〔\(opened.year)〕7号", title: "危险化学品经营单位安全检查", kind: .inspection,
            counterpartyID: counterparty.id, unitID: brigade.id, openedOn: opened)
        let activity = Activity(
            caseID: enforcementCase.id, kind: .inspection, procedure: .general, site: Site(address: counterparty.address),
            isOnSite: true, officerIDs: pair, startedAt: start, endedAt: start.addingTimeInterval(3600),
            checklist: DisclosureChecklist(
                certificatesShownBy: pair, reasonTold: true, legalBasisTold: true, dutyToCooperateTold: true))
        try await ActivityStore(ledger: context.ledger).create(enforcementCase, withFirstActivity: activity, by: officer.id, at: services.clock.nowSeconds)
        _ = try await ArchiveService(context, setup: services.archiveSetup).close(
            enforcementCase.id, closedOn: closedOn.description, summary: "检查未发现重大事故隐患，结案", by: officer)

        let service = CaseReviewService(context, rectificationWorkdays: services.config.caseReviewRectificationWorkdays)
        let (_, findings) = try await service.submit(
            caseID: enforcementCase.id, .init(comment: "现场检查未制作现场检查记录，其余符合要求。"), by: reviewer)
        for finding in findings {
            _ = try await service.answer(
                findingID: finding.id, text: "已组织执法人员学习文书制作规范，今后现场检查一律当场制作现场检查记录。", by: leader)
            _ = try await service.close(findingID: finding.id, comment: "整改到位，予以销号。", by: reviewer)
        }
    }
}
