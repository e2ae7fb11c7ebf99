import Domain
import FluentKit
import Foundation
import Persistence

/// Text records from templates, corrections as new versions, and the refusal of every delete or
/// change (SPEC R4, R9.5). Media records are made by the upload protocol (App/Uploads).
public struct RecordService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: RecordStore { RecordStore(ledger: context.ledger) }

    public func record(_ id: UUID) async throws -> Record {
        guard let record = try await store.find(id, on: context.database) else { throw ServiceRefusal.notFound("记录资料不存在。") }
        return record
    }

    /// The id of the record that corrects `id`, if any.
    public func successor(of id: UUID) async throws -> UUID? {
        try await RecordModel.query(on: context.database).filter(\.$supersedesID == id).first()?.id
    }

    public func records(ofActivity id: UUID) async throws -> [Record] {
        try await store.forActivity(id, on: context.database)
    }

    /// A document from `templateID` with `values` (blank values dropped), attached to an activity.
    /// SPEC R4: checked against the template's required fields; every problem at once.
    public func createDocument(
        activityID: UUID, templateID: String, values: [String: String], sensitivity: Sensitivity = .none, by staff: StaffMember
    ) async throws -> (record: Record, ledgerIndex: UInt64) {
        guard let template = DocumentTemplate.named(templateID) else {
            throw ServiceRefusal.invalid("unknown-template", "没有文书模板 \(templateID)。", errors: ["templateId": "未知模板"])
        }
        let (activity, enforcementCase) = try await CaseService(context).activityAndCase(activityID)
        // Every problem at once: the form's and a decision dated in the future (issue 13 item 1).
        let problems = template.validate(values: values)
            .merging(DecisionDocument.problems(values, today: context.clock.today)) { first, _ in first }
        guard problems.isEmpty else {
            throw ServiceRefusal.invalid("document-incomplete", "\(template.title)有 \(problems.count) 处需要补正。", errors: problems)
        }
        let record = Record(
            activityID: activity.id, caseID: enforcementCase.id, counterpartyID: enforcementCase.counterpartyID,
            kind: .document, templateID: template.id, documentValues: values, sensitivity: sensitivity, createdBy: staff.id)
        // A decision creates its duty to publish at once (issue 13 item 1, SPEC P7.1, P7.2).
        let duties = try await DecisionDuties(context: context).onEntry(record, activity: activity, enforcementCase: enforcementCase)
        let index = try await Self.refusingArchived { try await store.create(record, at: context.clock.nowSeconds, obligations: duties) }
        return (record, index)
    }

    /// A correction of document `id` (`RecordCorrection`).
    public func correct(_ id: UUID, values: [String: String], reason: String, by staff: StaffMember) async throws -> (record: Record, ledgerIndex: UInt64) {
        let old = try await record(id)
        let isSuperseded = try await successor(of: id) != nil
        let corrected: Record
        do {
            corrected = try RecordCorrection.corrected(old, values: values, reason: reason, isSuperseded: isSuperseded, by: staff.id)
        } catch {
            switch error {
            case .notCorrectable:
                throw ServiceRefusal.invalid("not-correctable", "只有电子文书可以这样更正；照片、音视频请重新上传并说明。")
            case .alreadySuperseded:
                throw ServiceRefusal(.conflict, type: "already-superseded", detail: "该记录已有更正版本，请更正最新版本。")
            case .incomplete(let errors):
                throw ServiceRefusal.invalid("document-incomplete", "更正内容需要补正。", errors: errors)
            }
        }
        // A corrected decision date moves the duty's due day, on the ledger (issue 13 item 1).
        let duties = try await DecisionDuties(context: context).onCorrection(of: old, into: corrected)
        let index = try await Self.refusingArchived {
            try await store.create(corrected, at: context.clock.nowSeconds, obligations: duties.created, reschedules: duties.rescheduled)
        }
        return (corrected, index)
    }

    /// Issue 14 item 2: a record into an archived case is refused (409 `case-archived`); the check
    /// itself runs in the record's own transaction (`RecordStore.create`).
    static func refusingArchived(_ body: () async throws -> UInt64) async throws -> UInt64 {
        do {
            return try await body()
        } catch ArchiveStoreError.caseArchived {
            throw ServiceRefusal.caseArchived
        }
    }

    /// SPEC R9.5: an attempt to delete or alter record `id` is kept on the permanent ledger —
    /// only for real records, so the ledger cannot be filled with noise.
    public func refuseChange(of id: UUID, method: String, by userID: UUID?) async throws {
        guard try await RecordModel.find(id, on: context.database) != nil else { throw ServiceRefusal.notFound("记录资料不存在。") }
        try await store.recordRefusedDeletion(of: id, by: userID, method: method, at: context.clock.nowSeconds)
    }
}
