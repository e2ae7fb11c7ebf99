import Foundation
import Ledger

/// The ledger events of verifiable draws and 双随机 inspections (issue 15 item 1; SPEC P7.3, X3;
/// docs/ledger-format.md, docs/double-random.md). Everything a verifier needs is public: the
/// commitment, each revealed secret, the seed and the outcome's digest.
extension DomainEvents {
    private static func id(_ value: UUID) -> JSONValue { .string(value.uuidString.lowercased()) }

    /// `draw.committed`: the SHA-256 of the specification's RFC 8785 bytes, before any secret.
    public static func drawCommitted(drawID: UUID, purpose: DrawPurpose, commitment: String, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "draw.committed", at: at, fields: [
            "drawId": id(drawID), "purpose": .string(purpose.rawValue), "commitment": .string(commitment),
        ])
    }

    /// `draw.revealed`: a party's secret, now public, which hashes to its committed digest.
    public static func drawRevealed(drawID: UUID, party: String, secret: String, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "draw.revealed", at: at, fields: [
            "drawId": id(drawID), "party": .string(party), "secret": .string(secret),
        ])
    }

    /// `draw.completed`: the seed, the outside value mixed in ("" when none) and the SHA-256 of the
    /// outcome's RFC 8785 bytes; once per draw.
    public static func drawCompleted(drawID: UUID, outcome: DrawOutcome, publicValue: String?, at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "draw.completed", at: at, fields: [
            "drawId": id(drawID), "algorithm": .string(VerifiableDraw.algorithm), "commitment": .string(outcome.commitment),
            "seed": .string(outcome.seed), "publicValue": .string(publicValue ?? ""),
            "outcomeSha256": .string(try contentDigest(outcome.canonicalContent)),
        ])
    }

    /// `inspection.assigned`: a drawn counterparty's inspection case and its two officers.
    public static func inspectionAssigned(inspectionID: UUID, drawID: UUID, caseID: UUID, officerIDs: [UUID], at: Date) throws -> LedgerEvent {
        try LedgerEvent(type: "inspection.assigned", at: at, fields: [
            "inspectionId": id(inspectionID), "drawId": id(drawID), "caseId": id(caseID),
            "officerIds": .array(officerIDs.map(id)),
        ])
    }

    /// `officer.relation_declared`: an officer recorded as related to a counterparty (回避); the
    /// relation's text only as a salted digest (`{relation, salt}`), the salt kept in the database.
    public static func relationDeclared(
        relationID: UUID, officerID: UUID, counterpartyID: UUID, relation: String, salt: String, at: Date
    ) throws -> LedgerEvent {
        try created(
            "officer.relation_declared", idField: "relationId", id: relationID,
            content: ["relation": .string(relation), "salt": .string(salt)], at: at,
            extra: ["officerId": id(officerID), "counterpartyId": id(counterpartyID)])
    }

    /// `inspection.concluded`: the day and outcome the P7.3 duty counts from; the summary as a digest.
    public static func inspectionConcluded(
        inspectionID: UUID, caseID: UUID, concludedOn: CivilDate, outcome: InspectionOutcome, summary: String, at: Date
    ) throws -> LedgerEvent {
        try created(
            "inspection.concluded", idField: "inspectionId", id: inspectionID, content: .string(summary), at: at,
            extra: ["caseId": id(caseID), "concludedOn": .string(concludedOn.description), "outcome": .string(outcome.rawValue)])
    }
}
