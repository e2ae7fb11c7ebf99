import Foundation
import Ledger

/// Ledger events of the publicity rule (SPEC P7–P11, X2, X3; docs/ledger-format.md).
extension DomainEvents {
    /// One workflow step: `publication.<step>` with the publication, the version the step is about,
    /// the state it led to and the SHA-256 of that version's public content (`PublicContent`).
    public static func publicationTransition(_ transition: PublicationTransition, content: PublicContent) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "publicationId": .string(transition.publicationID.uuidString.lowercased()),
            "versionId": .string(transition.versionID.uuidString.lowercased()),
            "kind": .string(content.kind.rawValue),
            "state": .string(transition.to.slug),
            "contentSha256": .string(try content.sha256()),
        ]
        if let actor = transition.by { fields["userId"] = .string(actor.userID.uuidString.lowercased()) }
        // The approver's choice of publicity category is a decision too (issue 13 item 4).
        if let category = transition.category { fields["publicityCategory"] = .string(category.rawValue) }
        return try LedgerEvent(type: transition.eventType, at: transition.at, fields: fields)
    }

    /// A duty with a time limit came into being (SPEC X2): its SPEC id and its due day are public,
    /// so a late publication cannot be hidden by moving the deadline afterwards.
    public static func obligationCreated(_ obligation: Obligation, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "obligationId": .string(obligation.id.uuidString.lowercased()),
            "specId": .string(obligation.specID),
            "kind": .string(obligation.kind.rawValue),
            "subject": .string(obligation.subject.reference),
            "triggerDate": .string(obligation.triggerDate.description),
        ]
        if let due = obligation.due.date { fields["dueDate"] = .string(due.description) }
        if obligation.due.isEstimate { fields["dueEstimated"] = .bool(true) }
        return try LedgerEvent(type: "obligation.created", at: at, fields: fields)
    }

    /// A duty met on `on` (SPEC X2, P10).
    public static func obligationMet(_ obligation: Obligation, on date: CivilDate, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "obligation.met", at: at, fields: [
            "obligationId": .string(obligation.id.uuidString.lowercased()),
            "metOn": .string(date.description),
        ])
    }

    /// A correction request received (SPEC P9.2). The requester's name and contact stay in the
    /// database; the leaf holds the digest of the request as stored.
    public static func correctionRequestReceived(_ request: CorrectionRequest, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "requestId": .string(request.id.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(request.canonicalContent)),
        ]
        if let publicationID = request.publicationID {
            fields["publicationId"] = .string(publicationID.uuidString.lowercased())
        }
        return try LedgerEvent(type: "correction_request.received", at: at, fields: fields)
    }

    /// A correction request answered (SPEC P9.2): corrected, or a reasoned reply.
    public static func correctionRequestAnswered(_ answer: CorrectionAnswer, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "correction_request.answered", at: at, fields: [
            "requestId": .string(answer.requestID.uuidString.lowercased()),
            "outcome": .string(answer.outcome.rawValue),
            "userId": .string(answer.answeredBy.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(answer.canonicalContent)),
        ])
    }
}

/// Ledger events of the duties' later life (issue 13): a duty counted again, a publication linked
/// to the duty it meets, a holiday year taken in.
extension DomainEvents {
    /// A duty's trigger day or due day changed (a corrected decision date, an imported holiday year):
    /// the new days are public, beside the ones `obligation.created` published, so a moved deadline
    /// is always seen.
    public static func obligationRescheduled(_ obligation: Obligation, reason: String, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = [
            "obligationId": .string(obligation.id.uuidString.lowercased()),
            "triggerDate": .string(obligation.triggerDate.description),
            "reason": .string(reason),
        ]
        if let due = obligation.due.date { fields["dueDate"] = .string(due.description) }
        if obligation.due.isEstimate { fields["dueEstimated"] = .bool(true) }
        return try LedgerEvent(type: "obligation.rescheduled", at: at, fields: fields)
    }

    /// A publication drafted to meet a duty about something else (a decision in a case, the year's
    /// figures): its publication step meets that duty.
    public static func obligationLinked(obligationID: UUID, publicationID: UUID, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "obligation.linked", at: at, fields: [
            "obligationId": .string(obligationID.uuidString.lowercased()),
            "publicationId": .string(publicationID.uuidString.lowercased()),
        ])
    }

    /// A holiday arrangement taken into the statutory calendar (SPEC X1), by the digest of its file.
    public static func calendarImported(year: Int, sha256: String, userID: UUID?, at: Date) throws -> LedgerEvent {
        var fields: [String: JSONValue] = ["year": .integer(Int64(year)), "sha256": .string(sha256)]
        if let userID { fields["userId"] = .string(userID.uuidString.lowercased()) }
        return try LedgerEvent(type: "calendar.imported", at: at, fields: fields)
    }
}

extension DomainEvents {
    /// The publicity-period policy changed (issue 13 item 4; SPEC P7.5, X3): which version, from
    /// which day, by whom, and the digest of its content.
    public static func publicityPolicyChanged(_ version: PublicityPolicyVersion) throws -> LedgerEvent {
        try LedgerEvent(type: "publicity_policy.changed", at: version.changedAt, fields: [
            "policyVersionId": .string(version.id.uuidString.lowercased()),
            "effectiveFrom": .string(version.effectiveFrom.description),
            "userId": .string(version.changedBy.uuidString.lowercased()),
            "contentSha256": .string(try contentDigest(version.canonicalContent)),
        ])
    }
}

extension DomainEvents {
    /// An officer's certificate reached the end of its validity and raised the P8 (三) update duty
    /// of the items that show it (issue 13 item 5 (b)). Ids and the end date only.
    public static func certificateEnded(certificateID: UUID, officerID: UUID, validTo: CivilDate, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "officer.certificate_ended", at: at, fields: [
            "certificateId": .string(certificateID.uuidString.lowercased()),
            "officerId": .string(officerID.uuidString.lowercased()),
            "validTo": .string(validTo.description),
        ])
    }
}
