import Foundation
import Ledger

/// Ledger events of complaints and reports (投诉举报, SPEC R13; issue 15 item 3; docs/ledger-format.md).
/// No leaf carries the complainant: `complaint.received` holds the digest of `Complaint.canonicalContent`,
/// which holds only a salted commitment to the sealed person (SPEC X4).
extension DomainEvents {
    public static func complaintReceived(_ complaint: Complaint, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "complaintId": .string(complaint.id.uuidString.lowercased()),
            "kind": .string(complaint.kind.rawValue),
            "channel": .string(complaint.channel.rawValue),
            "receivedOn": .string(complaint.receivedOn.description),
            "workdays": .integer(Int64(complaint.workdays)),
            "contentSha256": .string(try contentDigest(complaint.canonicalContent)),
        ]
        if let due = complaint.due.date { fields["dueOn"] = .string(due.description) }
        if complaint.due.isEstimate { fields["dueEstimated"] = .bool(true) }
        return try LedgerEvent(type: "complaint.received", at: at, fields: fields)
    }

    public static func complaintAssigned(_ assignment: ComplaintAssignment, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "complaintId": .string(assignment.complaintID.uuidString.lowercased()),
            "assignmentId": .string(assignment.id.uuidString.lowercased()),
            "unitId": .string(assignment.unitID.uuidString.lowercased()),
            "userId": .string(assignment.assignedBy.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(assignment.canonicalContent)),
        ]
        if let officerID = assignment.officerID { fields["officerId"] = .string(officerID.uuidString.lowercased()) }
        return try LedgerEvent(type: "complaint.assigned", at: at, fields: fields)
    }

    public static func complaintLinked(_ link: ComplaintLink, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "complaint.linked", at: at, fields: [
            "complaintId": .string(link.complaintID.uuidString.lowercased()),
            "target": .string(link.target.rawValue),
            "targetId": .string(link.targetID.uuidString.lowercased()),
            "userId": .string(link.linkedBy.uuidString.lowercased()),
        ])
    }

    public static func complaintAnswered(_ answer: ComplaintAnswer, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "complaint.answered", at: at, fields: [
            "complaintId": .string(answer.complaintID.uuidString.lowercased()),
            "outcome": .string(answer.outcome.rawValue),
            "answeredOn": .string(answer.answeredOn.description),
            "late": .bool(answer.late),
            "userId": .string(answer.answeredBy.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(answer.canonicalContent)),
        ])
    }

    public static func complaintPolicyChanged(_ policy: ComplaintPolicy, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "version": .integer(Int64(policy.version)),
            "workdays": .integer(Int64(policy.workdays)),
            "reason": .string(policy.reason),
        ]
        if let user = policy.setBy { fields["userId"] = .string(user.uuidString.lowercased()) }
        return try LedgerEvent(type: "complaint_policy.changed", at: at, fields: fields)
    }
}
