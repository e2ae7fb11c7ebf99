import Foundation
import Ledger

/// A submitted 案卷评查 of one closed case (SPEC R12, R13): the checklist as derived, the reviewer's
/// judgements, the score. Insert-only; a case is reviewed at most once.
public struct CaseReview: Hashable, Sendable, Codable {
    public var id: UUID
    public var caseID: UUID
    /// The sample the case was drawn in, if it was drawn.
    public var sampleID: UUID?
    public var unitID: UUID
    public var kind: EnforcementKind
    public var reviewedOn: CivilDate
    public var reviewerID: UUID
    public var checklist: ReviewChecklist
    public var judgements: [ReviewJudgement]
    public var outcomes: [String: ReviewOutcome]
    public var score: Int
    /// 评查意见: the reviewer's overall comment.
    public var comment: String

    public init(
        id: UUID = UUID(), caseID: UUID, sampleID: UUID?, unitID: UUID, kind: EnforcementKind, reviewedOn: CivilDate,
        reviewerID: UUID, checklist: ReviewChecklist, judgements: [ReviewJudgement], outcomes: [String: ReviewOutcome],
        score: Int, comment: String
    ) {
        self.id = id
        self.caseID = caseID
        self.sampleID = sampleID
        self.unitID = unitID
        self.kind = kind
        self.reviewedOn = reviewedOn
        self.reviewerID = reviewerID
        self.checklist = checklist
        self.judgements = judgements
        self.outcomes = outcomes
        self.score = score
        self.comment = comment
    }

    /// What the `case_review.submitted` event's digest covers.
    public var canonicalContent: JSONValue {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try CanonicalJSON.decode(Array(try encoder.encode(self)))
        }
    }
}

/// A finding of a review sent to the responsible unit for rectification (整改), with its
/// working-day deadline (SPEC X1).
public struct CaseReviewFinding: Hashable, Sendable, Codable {
    public var id: UUID
    public var reviewID: UUID
    public var caseID: UUID
    public var unitID: UUID
    /// The checklist item it comes from; nil for a finding the reviewer added.
    public var itemKey: String?
    public var text: String
    public var sentOn: CivilDate
    public var dueOn: CivilDate
    /// The deadline runs into a year without a loaded holiday notice (SPEC X1: flagged estimate).
    public var dueEstimated: Bool

    public init(
        id: UUID = UUID(), reviewID: UUID, caseID: UUID, unitID: UUID, itemKey: String?, text: String, sentOn: CivilDate, dueOn: CivilDate,
        dueEstimated: Bool = false
    ) {
        self.id = id
        self.reviewID = reviewID
        self.caseID = caseID
        self.unitID = unitID
        self.itemKey = itemKey
        self.text = text
        self.sentOn = sentOn
        self.dueOn = dueOn
        self.dueEstimated = dueEstimated
    }

    public var canonicalContent: JSONValue {
        var fields: [String: JSONValue] = [
            "findingId": .string(id.uuidString.lowercased()), "reviewId": .string(reviewID.uuidString.lowercased()),
            "caseId": .string(caseID.uuidString.lowercased()), "unitId": .string(unitID.uuidString.lowercased()),
            "text": .string(text), "sentOn": .string(sentOn.description), "dueOn": .string(dueOn.description),
        ]
        if let itemKey { fields["itemKey"] = .string(itemKey) }
        if dueEstimated { fields["dueEstimated"] = .bool(true) }
        return .object(fields)
    }
}

/// A step after a finding was sent: the unit's rectification, the legal section closing it or
/// sending it back (with a new deadline).
public struct FindingStep: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case answered
        case closed
        case sentBack = "sent-back"

        public var chineseName: String {
            switch self {
            case .answered: "已报送整改"
            case .closed: "整改通过，已销号"
            case .sentBack: "退回重新整改"
            }
        }

        /// The step as a verb: “不能\(verb)”.
        public var verb: String {
            switch self {
            case .answered: "报送整改情况"
            case .closed: "销号"
            case .sentBack: "退回"
            }
        }
    }

    public var findingID: UUID
    /// 1, 2, … in the order the steps were taken.
    public var seq: Int
    public var kind: Kind
    public var text: String
    /// Records the rectification points at (answered only).
    public var recordIDs: [UUID]
    /// The new deadline of a send-back.
    public var dueOn: CivilDate?
    public var dueEstimated: Bool
    public var by: UUID
    public var on: CivilDate

    public init(
        findingID: UUID, seq: Int, kind: Kind, text: String, recordIDs: [UUID] = [], dueOn: CivilDate? = nil, dueEstimated: Bool = false,
        by: UUID, on: CivilDate
    ) {
        self.findingID = findingID
        self.seq = seq
        self.kind = kind
        self.text = text
        self.recordIDs = recordIDs
        self.dueOn = dueOn
        self.dueEstimated = dueEstimated
        self.by = by
        self.on = on
    }

    public var canonicalContent: JSONValue {
        var fields: [String: JSONValue] = [
            "findingId": .string(findingID.uuidString.lowercased()), "seq": .integer(Int64(seq)), "step": .string(kind.rawValue),
            "text": .string(text), "recordIds": .array(recordIDs.map { .string($0.uuidString.lowercased()) }),
            "by": .string(by.uuidString.lowercased()), "on": .string(on.description),
        ]
        if let dueOn { fields["dueOn"] = .string(dueOn.description) }
        if dueEstimated { fields["dueEstimated"] = .bool(true) }
        return .object(fields)
    }
}

/// Where a finding stands (follow-up until closed).
public enum FindingState: String, Hashable, Sendable, Codable {
    /// Sent or sent back, waiting for the unit's rectification.
    case awaitingRectification = "awaiting-rectification"
    /// Answered, waiting for the legal section.
    case awaitingAcceptance = "awaiting-acceptance"
    case closed

    public var chineseName: String {
        switch self {
        case .awaitingRectification: "待整改"
        case .awaitingAcceptance: "待验收"
        case .closed: "已销号"
        }
    }

    /// The state after `steps` (in order), and the deadline in force.
    public static func of(_ finding: CaseReviewFinding, steps: [FindingStep]) -> (state: FindingState, dueOn: CivilDate, dueEstimated: Bool) {
        var state = FindingState.awaitingRectification
        var due = finding.dueOn
        var estimated = finding.dueEstimated
        for step in steps {
            switch step.kind {
            case .answered: state = .awaitingAcceptance
            case .closed: state = .closed
            case .sentBack:
                state = .awaitingRectification
                if let newDue = step.dueOn {
                    due = newDue
                    estimated = step.dueEstimated
                }
            }
        }
        return (state, due, estimated)
    }

    /// Overdue: waiting for the unit's rectification after the end of its deadline day.
    public static func isOverdue(_ state: FindingState, dueOn: CivilDate, today: CivilDate) -> Bool {
        state == .awaitingRectification && today > dueOn
    }

    /// Which step may follow `state`: the unit answers a finding awaiting rectification; the legal
    /// section closes or sends back one awaiting acceptance; nothing follows a closed one.
    public static func allows(_ step: FindingStep.Kind, after state: FindingState) -> Bool {
        switch (state, step) {
        case (.awaitingRectification, .answered), (.awaitingAcceptance, .closed), (.awaitingAcceptance, .sentBack): true
        default: false
        }
    }
}
