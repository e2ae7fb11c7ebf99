import Domain
import FluentKit
import Foundation
import Ledger

/// Writes of the verifiable draw and the 双随机 inspections (SPEC P7.3, X3; issue 15 item 1): each a
/// new row and its ledger event in one transaction. The unique constraints make a second reveal
/// by one party, a second run of one draw and a second conclusion of one inspection fail instead
/// of repeating.
public struct DrawStore: Sendable {
    let ledger: LedgerWriter

    public init(ledger: LedgerWriter) {
        self.ledger = ledger
    }

    /// A new draw: its specification's bytes and commitment, and `draw.committed`.
    public func commit(
        id: UUID, specification: DrawSpecification, unitID: UUID?, subjectID: UUID?, by userID: UUID, at: Date
    ) async throws {
        let bytes = try specification.canonicalBytes()
        let commitment = try specification.commitment()
        let event = try DomainEvents.drawCommitted(drawID: id, purpose: specification.purpose, commitment: commitment, at: at)
        try await ledger.append([event], indexedWork: { db, index in
            let model = DrawModel()
            model.id = id
            model.purpose = specification.purpose.rawValue
            model.title = specification.title
            model.specification = String(decoding: bytes, as: UTF8.self)
            model.commitment = commitment
            model.unitID = unitID
            model.subjectID = subjectID
            model.committedBy = userID
            model.committedAt = at
            model.ledgerIndex = Int64(index)
            try await model.create(on: db)
        })
    }

    public func reveal(drawID: UUID, party: String, secret: String, by userID: UUID, at: Date) async throws {
        let event = try DomainEvents.drawRevealed(drawID: drawID, party: party, secret: secret, at: at)
        try await ledger.append([event], indexedWork: { db, index in
            let model = DrawRevealModel()
            model.id = UUID()
            model.drawID = drawID
            model.party = party
            model.secret = secret
            model.revealedBy = userID
            model.revealedAt = at
            model.ledgerIndex = Int64(index)
            try await model.create(on: db)
        })
    }

    /// A drawn object's inspection: the case opened for it and the two officers drawn.
    public struct NewInspection: Sendable {
        public let id: UUID
        public let enforcementCase: EnforcementCase
        public let officerIDs: [UUID]

        public init(id: UUID = UUID(), enforcementCase: EnforcementCase, officerIDs: [UUID]) {
            self.id = id
            self.enforcementCase = enforcementCase
            self.officerIDs = officerIDs
        }
    }

    /// The run: `draw.completed`, and for a 双随机 draw each drawn object's `case.opened` and
    /// `inspection.assigned`, all in one transaction — the selection and the inspections it makes
    /// exist together or not at all.
    public func complete(
        drawID: UUID, outcome: DrawOutcome, publicValue: String?, inspections: [NewInspection], by userID: UUID, at: Date
    ) async throws {
        var events = [try DomainEvents.drawCompleted(drawID: drawID, outcome: outcome, publicValue: publicValue, at: at)]
        let caseModels = try inspections.map { try CaseModel($0.enforcementCase, createdBy: userID) }
        for (inspection, caseModel) in zip(inspections, caseModels) {
            events.append(try ActivityStore.caseOpenedEvent(inspection.enforcementCase, model: caseModel, at: at))
            events.append(try DomainEvents.inspectionAssigned(
                inspectionID: inspection.id, drawID: drawID, caseID: inspection.enforcementCase.id,
                officerIDs: inspection.officerIDs, at: at))
        }
        let outcomeText = String(decoding: try CanonicalJSON.encode(outcome.canonicalContent), as: UTF8.self)
        try await ledger.append(events, indexedWork: { db, index in
            let result = DrawResultModel()
            result.id = UUID()
            result.drawID = drawID
            result.publicValue = publicValue
            result.seed = outcome.seed
            result.outcome = outcomeText
            result.ranBy = userID
            result.ranAt = at
            result.ledgerIndex = Int64(index)
            try await result.create(on: db)
            for (inspection, caseModel) in zip(inspections, caseModels) {
                try await caseModel.create(on: db)
                let model = DrawnInspectionModel()
                model.id = inspection.id
                model.drawID = drawID
                model.counterpartyID = inspection.enforcementCase.counterpartyID
                model.caseID = inspection.enforcementCase.id
                model.officerIDs = inspection.officerIDs.map { $0.uuidString.lowercased() }.joined(separator: ",")
                try await model.create(on: db)
            }
        })
    }

    public func declare(
        relationID: UUID, officerID: UUID, counterpartyID: UUID, relation: String, by userID: UUID, at: Date
    ) async throws {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let event = try DomainEvents.relationDeclared(
            relationID: relationID, officerID: officerID, counterpartyID: counterpartyID, relation: relation, salt: salt, at: at)
        try await ledger.append([event]) { db in
            let model = OfficerRelationModel()
            model.id = relationID
            model.officerID = officerID
            model.counterpartyID = counterpartyID
            model.relation = relation
            model.salt = salt
            model.declaredBy = userID
            model.declaredAt = at
            try await model.create(on: db)
        }
    }

    /// The conclusion and, in the same transaction, the P7.3 duty it starts.
    public func conclude(
        inspectionID: UUID, caseID: UUID, concludedOn: CivilDate, outcome: InspectionOutcome, summary: String,
        duty: Obligation, by userID: UUID, at: Date
    ) async throws {
        let event = try DomainEvents.inspectionConcluded(
            inspectionID: inspectionID, caseID: caseID, concludedOn: concludedOn, outcome: outcome, summary: summary, at: at)
        try await PublicationStore(ledger: ledger).create(obligations: [duty], at: at, along: [event], work: { db in
            let model = InspectionConclusionModel()
            model.id = UUID()
            model.inspectionID = inspectionID
            model.concludedOn = concludedOn.description
            model.outcome = outcome.rawValue
            model.summary = summary
            model.concludedBy = userID
            model.concludedAt = at
            try await model.create(on: db)
        })
    }
}
