import Domain
import Foundation
import Testing

// Issue 14 items 1 and 3 (SPEC R10, X3): facts with reasons, what blocks a disposal, four eyes.

private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }
private let at = Date(timeIntervalSince1970: 1_796_000_000)

@Suite struct DisposalRulesTests {
    let officer = StaffMember(id: UUID(), role: .officer)
    let office = StaffMember(id: UUID(), role: .office)
    let supervisor = StaffMember(id: UUID(), role: .supervisor)
    let video = RetentionRules.policy(
        capturedOn: date("2026-03-15"), isInspectionVideo: true, isEvidence: false, disputed: false, archived: nil)

    @Test func theLatestChangeOfEachFactIsInForce() throws {
        let record = UUID()
        let set = try RetentionFactRules.change(
            recordID: record, current: RetentionFacts(), fact: .evidence, holds: true, reason: " 关键证据 ", disposed: false, by: officer, at: at)
        #expect(set.reason == "关键证据")
        let cleared = try RetentionFactRules.change(
            recordID: record, current: RetentionFacts(changes: [set]), fact: .evidence, holds: false, reason: "已撤销立案", disposed: false, by: office, at: at)
        let disputed = RetentionFactChange(recordID: record, fact: .disputed, holds: true, reason: "异议", changedBy: office.id, changedAt: at)
        #expect(RetentionFacts(changes: [set]) == RetentionFacts(isEvidence: true))
        #expect(RetentionFacts(changes: [set, disputed, cleared]) == RetentionFacts(isEvidence: false, disputed: true))
    }

    @Test func aFactChangeNeedsAReasonAChangeAndTheRightToClear() {
        let evidence = RetentionFacts(isEvidence: true)
        func change(_ current: RetentionFacts, holds: Bool, reason: String?, by staff: StaffMember, disposed: Bool = false) -> RetentionFactError? {
            do {
                _ = try RetentionFactRules.change(
                    recordID: UUID(), current: current, fact: .evidence, holds: holds, reason: reason, disposed: disposed, by: staff, at: at)
                return nil
            } catch { return error }
        }
        #expect(change(RetentionFacts(), holds: true, reason: "  ", by: officer) == .reasonRequired)
        #expect(change(RetentionFacts(), holds: true, reason: String(repeating: "证", count: 501), by: officer) == .reasonTooLong(limit: 500))
        #expect(change(evidence, holds: true, reason: "再标", by: officer) == .unchanged(.evidence, holds: true))
        #expect(change(evidence, holds: false, reason: "误标", by: officer) == .clearingNotPermitted)
        #expect(change(evidence, holds: false, reason: "误标", by: office) == nil)
        #expect(change(RetentionFacts(), holds: true, reason: "补标", by: officer, disposed: true) == .disposed)
    }

    @Test func evidenceDisputesHoldsAndEarlyDatesBlockDisposal() {
        let day = date("2026-09-16")
        #expect(DisposalRules.blocks(policy: video, facts: RetentionFacts(), onHold: false, hasStoredFile: true, disposed: false, today: day).isEmpty)
        #expect(DisposalRules.blocks(policy: video, facts: RetentionFacts(), onHold: false, hasStoredFile: true, disposed: false,
                                     today: date("2026-09-15")) == [.notYet(day)])
        #expect(DisposalRules.blocks(policy: video, facts: RetentionFacts(isEvidence: true, disputed: true), onHold: true,
                                     hasStoredFile: true, disposed: false, today: day) == [.evidence, .disputed, .legalHold])
        let permanent = RetentionPolicy.archived(.permanent, earliestDisposal: nil)
        #expect(DisposalRules.blocks(policy: permanent, facts: RetentionFacts(), onHold: false, hasStoredFile: true, disposed: false,
                                     today: date("2099-01-01")) == [.noDisposalDate])
        #expect(DisposalRules.blocks(policy: video, facts: RetentionFacts(), onHold: false, hasStoredFile: false, disposed: false,
                                     today: day) == [.noStoredFile])
        #expect(DisposalRules.blocks(policy: video, facts: RetentionFacts(isEvidence: true), onHold: true, hasStoredFile: true,
                                     disposed: true, today: day) == [.alreadyDisposed])
        #expect(DisposalBlock.notYet(day).description == "保存期限未满，2026年9月16日起方可销毁")
    }

    @Test func theAppraiserNeverApprovesAndApprovalRechecksTheBlocks() throws {
        let record = UUID()
        #expect(throws: DisposalError.blocked([.evidence])) {
            try DisposalRules.appraise(recordID: record, conclusion: .dispose, reason: "到期", blocks: [.evidence], by: office.id, at: at)
        }
        // Keeping needs no clear path, only a reason.
        let keep = try DisposalRules.appraise(recordID: record, conclusion: .keep, reason: "仍有参考价值", blocks: [.legalHold], by: office.id, at: at)
        #expect(throws: DisposalError.notProposed) {
            try DisposalRules.decide(keep, alreadyDecided: false, approve: true, reason: nil, blocks: [], by: supervisor.id, at: at)
        }
        let proposal = try DisposalRules.appraise(recordID: record, conclusion: .dispose, reason: "到期", blocks: [], by: office.id, at: at)
        #expect(throws: DisposalError.sameAppraiser) {
            try DisposalRules.decide(proposal, alreadyDecided: false, approve: true, reason: nil, blocks: [], by: office.id, at: at)
        }
        #expect(throws: DisposalError.blocked([.legalHold])) {
            try DisposalRules.decide(proposal, alreadyDecided: false, approve: true, reason: nil, blocks: [.legalHold], by: supervisor.id, at: at)
        }
        #expect(throws: DisposalError.alreadyDecided) {
            try DisposalRules.decide(proposal, alreadyDecided: true, approve: true, reason: nil, blocks: [], by: supervisor.id, at: at)
        }
        #expect(throws: DisposalError.reasonRequired) {
            try DisposalRules.decide(proposal, alreadyDecided: false, approve: false, reason: "", blocks: [], by: supervisor.id, at: at)
        }
        // A refusal needs no clear path: a hold is a fine reason to refuse.
        let refused = try DisposalRules.decide(proposal, alreadyDecided: false, approve: false, reason: "诉讼中", blocks: [.legalHold], by: supervisor.id, at: at)
        #expect(!refused.approved)
        let approved = try DisposalRules.decide(proposal, alreadyDecided: false, approve: true, reason: nil, blocks: [], by: supervisor.id, at: at)
        #expect(approved.approved && approved.reason == "同意销毁" && approved.decidedBy == supervisor.id)
    }

    @Test func onlyInspectionVideoIsInspectionVideo() {
        let base = Record(activityID: UUID(), caseID: UUID(), counterpartyID: UUID(), kind: .video, createdBy: UUID())
        #expect(RecordRetention.isInspectionVideo(base, activityKind: .inspection))
        #expect(!RecordRetention.isInspectionVideo(base, activityKind: .penalty))
        var photo = base
        photo.kind = .photo
        #expect(!RecordRetention.isInspectionVideo(photo, activityKind: .inspection))
        // An archived case's period counts from the day the case was closed.
        let archived = RecordRetention.policy(base, activityKind: .inspection, capturedOn: date("2025-03-01"), facts: RetentionFacts(),
                                              archive: (.tenYears, date("2026-05-10")))
        #expect(archived == .archived(.tenYears, earliestDisposal: date("2037-01-01")))
    }
}
