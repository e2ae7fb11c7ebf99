import Foundation
import Ledger

/// Why a record may not be disposed of (销毁) now (SPEC R10, X3; issue 14 item 3). Evidence, a
/// dispute and a legal hold block for good while they last; the rest say when, or that never.
public enum DisposalBlock: Hashable, Sendable, CustomStringConvertible {
    case evidence
    case disputed
    case legalHold
    /// Its retention has not passed: the first day it may be disposed of.
    case notYet(CivilDate)
    /// Permanent, or must be archived and has not been: no disposal date.
    case noDisposalDate
    /// An electronic document has no stored file; its row is kept with the ledger (insert-only).
    case noStoredFile
    case alreadyDisposed

    /// Stable slug for problem types and tests.
    public var slug: String {
        switch self {
        case .evidence: "evidence"
        case .disputed: "disputed"
        case .legalHold: "legal-hold"
        case .notYet: "retention-not-passed"
        case .noDisposalDate: "no-disposal-date"
        case .noStoredFile: "no-stored-file"
        case .alreadyDisposed: "already-disposed"
        }
    }

    public var description: String {
        switch self {
        case .evidence: "该记录作为案件证据，不得销毁"
        case .disputed: "该记录与行政相对人发生争议，不得销毁"
        case .legalHold: "该记录处于法律保留（冻结）状态，不得销毁"
        case .notYet(let day): "保存期限未满，\(day.chinese)起方可销毁"
        case .noDisposalDate: "该记录须永久保存或须归档而尚未归档，没有可销毁日期"
        case .noStoredFile: "电子文书没有单独存储的文件，随案卷保存"
        case .alreadyDisposed: "该记录资料已销毁"
        }
    }
}

/// 到期鉴定: the office's conclusion on one record whose retention has passed.
public struct DisposalAppraisal: Hashable, Sendable, Identifiable {
    public enum Conclusion: String, CaseIterable, Sendable {
        case dispose = "dispose"   // 建议销毁
        case keep = "keep"         // 继续保存

        public var chineseName: String {
            switch self {
            case .dispose: "建议销毁"
            case .keep: "继续保存"
            }
        }
    }

    public var id: UUID
    public var recordID: UUID
    public var conclusion: Conclusion
    public var reason: String
    public var appraisedBy: UUID
    public var appraisedAt: Date

    public init(id: UUID = UUID(), recordID: UUID, conclusion: Conclusion, reason: String, appraisedBy: UUID, appraisedAt: Date) {
        self.id = id
        self.recordID = recordID
        self.conclusion = conclusion
        self.reason = reason
        self.appraisedBy = appraisedBy
        self.appraisedAt = appraisedAt
    }

    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "recordId": .string(recordID.uuidString.lowercased()),
            "conclusion": .string(conclusion.rawValue), "reason": .string(reason),
            "appraisedBy": .string(appraisedBy.uuidString.lowercased()),
            "appraisedAtMs": .integer(Int64((appraisedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

/// A supervisor's decision on an appraisal that proposes disposal: approved means the record is
/// disposed of in the same step (its blob removed, its metadata and hash kept).
public struct DisposalDecision: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var appraisalID: UUID
    public var recordID: UUID
    public var approved: Bool
    public var reason: String
    public var decidedBy: UUID
    public var decidedAt: Date

    public init(id: UUID = UUID(), appraisalID: UUID, recordID: UUID, approved: Bool, reason: String, decidedBy: UUID, decidedAt: Date) {
        self.id = id
        self.appraisalID = appraisalID
        self.recordID = recordID
        self.approved = approved
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "appraisalId": .string(appraisalID.uuidString.lowercased()),
            "recordId": .string(recordID.uuidString.lowercased()), "approved": .bool(approved), "reason": .string(reason),
            "decidedBy": .string(decidedBy.uuidString.lowercased()),
            "decidedAtMs": .integer(Int64((decidedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

public enum DisposalError: Error, Equatable, CustomStringConvertible {
    case blocked([DisposalBlock])
    case reasonRequired
    case reasonTooLong(limit: Int)
    /// 四眼原则: the approver is the appraiser.
    case sameAppraiser
    case notProposed
    case alreadyDecided

    public var description: String {
        switch self {
        case .blocked(let blocks): blocks.map(\.description).joined(separator: "；")
        case .reasonRequired: "请说明理由"
        case .reasonTooLong(let limit): "理由不得超过\(limit)字"
        case .sameAppraiser: "鉴定人不能审批本人的鉴定意见，须由另一人审批"
        case .notProposed: "该鉴定意见不是建议销毁，无需审批"
        case .alreadyDecided: "该鉴定意见已经审批"
        }
    }
}

/// The disposal procedure's rules, pure (issue 14 item 3): what blocks a disposal, the office's
/// appraisal and the supervisor's approval — never the same person.
public enum DisposalRules {

    /// Everything that keeps the record from being disposed of on `today`; empty when it may be.
    public static func blocks(
        policy: RetentionPolicy, facts: RetentionFacts, onHold: Bool, hasStoredFile: Bool, disposed: Bool, today: CivilDate
    ) -> [DisposalBlock] {
        if disposed { return [.alreadyDisposed] }
        var blocks: [DisposalBlock] = []
        if facts.isEvidence { blocks.append(.evidence) }
        if facts.disputed { blocks.append(.disputed) }
        if onHold { blocks.append(.legalHold) }
        if !hasStoredFile { blocks.append(.noStoredFile) }
        switch policy.earliestDisposal {
        case nil: blocks.append(.noDisposalDate)
        case let day? where today < day: blocks.append(.notYet(day))
        default: break
        }
        return blocks
    }

    static func reason(_ text: String?) throws(DisposalError) -> String {
        switch StatedReason.check(text) {
        case .success(let reason): return reason
        case .failure(.missing): throw .reasonRequired
        case .failure(.tooLong(let limit)): throw .reasonTooLong(limit: limit)
        }
    }

    /// The office's appraisal. Proposing disposal needs nothing to block it; keeping needs only a reason.
    public static func appraise(
        recordID: UUID, conclusion: DisposalAppraisal.Conclusion, reason: String?, blocks: [DisposalBlock],
        by userID: UUID, at: Date
    ) throws(DisposalError) -> DisposalAppraisal {
        if blocks.contains(.alreadyDisposed) { throw .blocked([.alreadyDisposed]) }
        if conclusion == .dispose, !blocks.isEmpty { throw .blocked(blocks) }
        return DisposalAppraisal(
            recordID: recordID, conclusion: conclusion, reason: try Self.reason(reason), appraisedBy: userID, appraisedAt: at)
    }

    /// The supervisor's decision. Approval re-checks the blocks as they stand now (a hold or a flag
    /// set since the appraisal wins) and is never given by the appraiser.
    public static func decide(
        _ appraisal: DisposalAppraisal, alreadyDecided: Bool, approve: Bool, reason: String?, blocks: [DisposalBlock],
        by userID: UUID, at: Date
    ) throws(DisposalError) -> DisposalDecision {
        guard appraisal.conclusion == .dispose else { throw .notProposed }
        guard !alreadyDecided else { throw .alreadyDecided }
        guard appraisal.appraisedBy != userID else { throw .sameAppraiser }
        if approve, !blocks.isEmpty { throw .blocked(blocks) }
        // An approval may go without a comment; a refusal must say why.
        let stated = approve && StatedReason.check(reason) == .failure(.missing) ? "同意销毁" : try Self.reason(reason)
        return DisposalDecision(
            appraisalID: appraisal.id, recordID: appraisal.recordID, approved: approve, reason: stated,
            decidedBy: userID, decidedAt: at)
    }
}
