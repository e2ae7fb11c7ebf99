import Domain
import Fluent
import Foundation
import Persistence
import Services

/// The demo's keeping and disposal (issue 14): an inspection seven months ago with two videos — one
/// marked as evidence, kept; the other neither evidence nor disputed, past its six months, appraised
/// by the office and disposed of with a supervisor's approval, so `record.disposed` is on the public
/// ledger and the record keeps its metadata and hash.
enum DemoRetention {
    static func seed(_ db: Database, services: LawTrailServices, units: [BureauUnit], officers: [Officer], counterparty: Counterparty) async throws {
        func user(_ role: Role) async throws -> StaffMember? {
            guard let model = try await UserModel.query(on: db).filter(\.$username == "demo-" + role.rawValue).first() else { return nil }
            return StaffMember(id: try model.requireID(), role: role)
        }
        guard let brigade = units.first(where: { $0.kind == .enforcementBrigade }),
              let officer = try await user(.officer), let office = try await user(.office), let supervisor = try await user(.supervisor)
        else { return }
        let context = services.serviceContext(on: db)
        let now = services.clock.nowSeconds
        guard let day = services.today.adding(months: -7) else { return }
        let start = day.startInstant().addingTimeInterval(10 * 3600)
        let pair = Array(officers.filter { $0.unitID == brigade.id }.prefix(2).map(\.id))
        let enforcementCase = EnforcementCase(
            number: "普应急检〔\(day.year)〕3号", title: "工贸企业有限空间作业专项检查", kind: .inspection,
            counterpartyID: counterparty.id, unitID: brigade.id, openedOn: day)
        let activity = Activity(
            caseID: enforcementCase.id, kind: .inspection, procedure: .general, site: Site(address: counterparty.address),
            isOnSite: true, officerIDs: pair, startedAt: start, endedAt: start.addingTimeInterval(3600),
            optionalSituations: [.onSiteInspection])
        try await ActivityStore(ledger: context.ledger).create(enforcementCase, withFirstActivity: activity, by: officer.id, at: now)

        var videos: [Record] = []
        for (offset, seconds) in [1500, 1800].enumerated() {
            // A few bytes that sniff as MP4: the demo needs no real footage.
            var bytes: [UInt8] = [0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 2, 0]
            bytes += Array("LawTrail demo inspection video \(offset + 1) \(enforcementCase.id)".utf8)
            let capture = start.addingTimeInterval(Double(offset) * 1800)
            let lock = BlobLock.retainUntilInstant(
                RetentionRules.policy(capturedOn: CivilDate(capture), isInspectionVideo: true, isEvidence: false, disputed: false, archived: nil),
                capturedOn: CivilDate(capture))
            let stored = try await services.blobs.store(Data(bytes), staging: services.blobStore, retainUntil: lock)
            let record = Record(
                activityID: activity.id, caseID: enforcementCase.id, counterpartyID: counterparty.id, kind: .video,
                blobSHA256: stored.digest, byteCount: Int64(stored.size), mimeType: "video/mp4", officerID: pair.first,
                captureStart: capture, captureEnd: capture.addingTimeInterval(Double(seconds)), createdBy: officer.id)
            try await RecordStore(ledger: context.ledger).create(record, at: now)
            videos.append(record)
        }
        _ = try await RetentionService(context, blobs: services.blobs).change(
            videos[0].id, fact: .evidence, holds: true, reason: "记录了有限空间未设置警示标识的违法事实，作为案件证据", by: officer)
        let disposal = DisposalService(context, blobs: services.blobs)
        try await disposal.listDue()
        let appraisal = try await disposal.appraise(
            videos[1].id, conclusion: .dispose, reason: "检查未发现问题，不作为证据且未发生争议，保存已满6个月", by: office)
        _ = try await disposal.decide(appraisal.id, approve: true, reason: nil, by: supervisor)
    }
}
