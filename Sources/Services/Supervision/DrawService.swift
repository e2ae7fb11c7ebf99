import Domain
import FluentKit
import Foundation
import Persistence

/// The verifiable draw (SPEC P7.3, R12; issue 15; docs/double-random.md): commit the pools and the
/// parties' secret digests on the ledger, take each secret once it matches its digest, run the
/// algorithm once. `InspectionPlanService` and the case-review sample build on it.
public struct DrawService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var store: DrawStore { DrawStore(ledger: context.ledger) }
    var queries: DrawQueries { DrawQueries(database: context.database) }

    /// Who may commit and run a draw of each purpose.
    static func action(for purpose: DrawPurpose) -> Action {
        switch purpose {
        case .randomInspection: .planRandomInspection
        case .caseReview: .planCaseReview
        }
    }

    /// Commits the pools and each party's SHA-256(secret) (`draw.committed`); returns the draw id.
    /// Refusals: `forbidden`, `draw-refused` (422: empty pool, count over the pool, fewer than two
    /// parties, a malformed digest …).
    public func commit(
        purpose: DrawPurpose, title: String, pools: [DrawPool], parties: [DrawPartyCommitment], by actor: StaffMember
    ) async throws -> UUID {
        let specification = DrawSpecification(purpose: purpose, title: title, pools: pools, parties: parties)
        return try await commit(specification, unitID: nil, subjectID: nil, by: actor)
    }

    func commit(_ specification: DrawSpecification, unitID: UUID?, subjectID: UUID?, by actor: StaffMember) async throws -> UUID {
        try actor.require(Self.action(for: specification.purpose))
        do throws(DrawError) {
            try specification.validate()
        } catch {
            throw Self.refusal(error)
        }
        let id = UUID()
        do {
            try await store.commit(
                id: id, specification: specification, unitID: unitID, subjectID: subjectID, by: actor.id,
                at: context.clock.nowSeconds)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same bytes committed twice would be one commitment for two draws.
            throw ServiceRefusal(.conflict, type: "draw-already-committed", detail: "完全相同的抽取已经承诺过，请在原抽取上继续。")
        }
        return id
    }

    /// Takes `party`'s secret once it hashes to the committed digest (`draw.revealed`), from an
    /// account that has not revealed another party's secret of this draw. Refusals: `not-found`,
    /// `forbidden`, `draw-completed` (409), `draw-refused` (422: unknown party, mismatch, length),
    /// `draw-already-revealed` (409), `draw-reveal-same-person` (409).
    public func reveal(drawID: UUID, party: String, secret: String, by actor: StaffMember) async throws {
        try actor.require(.revealDrawSecret)
        let draw = try await requireDraw(drawID)
        guard draw.result == nil else { throw Self.completed }
        guard let committed = draw.specification.parties.first(where: { $0.party == party }) else {
            throw Self.refusal(.partyUnknown(party), field: "party")
        }
        if draw.reveals.contains(where: { $0.party == party }) { throw Self.alreadyRevealed(party) }
        do throws(DrawError) {
            try VerifiableDraw.checkRevealer(actor.id, earlierRevealers: draw.reveals.map(\.revealedBy))
        } catch {
            throw ServiceRefusal(.conflict, type: "draw-reveal-same-person", detail: error.message)
        }
        do throws(DrawError) {
            try VerifiableDraw.checkReveal(secret, against: committed)
        } catch {
            throw Self.refusal(error, field: "secret")
        }
        do {
            try await store.reveal(drawID: drawID, party: party, secret: secret, by: actor.id, at: context.clock.nowSeconds)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Self.alreadyRevealed(party)
        }
    }

    /// Runs a draw once all parties revealed (`draw.completed`, plus `make`'s inspections in the
    /// same transaction); a second run is refused (409 `draw-completed`).
    public func run(drawID: UUID, publicValue: String?, by actor: StaffMember) async throws -> DrawOutcome {
        try await run(drawID: drawID, publicValue: publicValue, by: actor) { _, _ in [] }
    }

    func run(
        drawID: UUID, publicValue: String?, by actor: StaffMember,
        making make: (DrawQueries.Draw, DrawOutcome) async throws -> [DrawStore.NewInspection]
    ) async throws -> DrawOutcome {
        let draw = try await requireDraw(drawID)
        try actor.require(Self.action(for: draw.purpose))
        guard draw.result == nil else { throw Self.completed }
        guard let secrets = draw.secretsInOrder else {
            let missing = draw.specification.parties.map(\.party).filter { party in !draw.reveals.contains { $0.party == party } }
            throw ServiceRefusal(
                .conflict, type: "draw-secrets-missing",
                detail: "尚有参与方未提交密文：\(missing.joined(separator: "、"))。全部提交后才能抽取。")
        }
        let trimmed = publicValue?.trimmingCharacters(in: .whitespacesAndNewlines)
        let value = trimmed?.isEmpty == false ? trimmed : nil
        if let source = draw.specification.publicValueSource, value == nil {
            throw Self.refusal(.publicValueRequired(source: source), field: "publicValue")
        }
        if draw.specification.publicValueSource == nil, value != nil {
            throw Self.refusal(.publicValueNotExpected, field: "publicValue")
        }
        if let value, value.count > 200 {
            throw ServiceRefusal.invalid("draw-refused", "外部公开值最长 200 字符。", errors: ["publicValue": "最长 200 字符"])
        }
        let outcome = try VerifiableDraw.run(draw.specification, secrets: secrets, publicValue: value)
        let inspections = try await make(draw, outcome)
        do {
            try await store.complete(
                drawID: drawID, outcome: outcome, publicValue: value, inspections: inspections, by: actor.id,
                at: context.clock.nowSeconds)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Self.completed
        }
        return outcome
    }

    /// The outcome of a completed draw, recomputed from the stored commitment and reveals (and
    /// checked against the stored result, so a row edited behind the ledger's back is noticed).
    public func outcome(drawID: UUID) async throws -> DrawOutcome? {
        let draw = try await requireDraw(drawID)
        guard let result = draw.result, let secrets = draw.secretsInOrder else { return nil }
        let outcome = try VerifiableDraw.run(draw.specification, secrets: secrets, publicValue: result.publicValue)
        guard outcome.seed == result.seed else {
            throw ServiceRefusal(.conflict, type: "draw-inconsistent", detail: "抽取结果与承诺和密文不一致，请联系系统管理员核查。")
        }
        return outcome
    }

    public func draw(_ id: UUID) async throws -> DrawQueries.Draw { try await requireDraw(id) }

    func requireDraw(_ id: UUID) async throws -> DrawQueries.Draw {
        guard let draw = try await queries.draw(id) else { throw ServiceRefusal.notFound("该随机抽取不存在。") }
        return draw
    }

    // MARK: Refusals

    static let completed = ServiceRefusal(.conflict, type: "draw-completed", detail: "该抽取已经完成，同一承诺只能抽取一次。")

    static func alreadyRevealed(_ party: String) -> ServiceRefusal {
        ServiceRefusal(.conflict, type: "draw-already-revealed", detail: "“\(party)”已经提交过密文。")
    }

    static func refusal(_ error: DrawError, field: String? = nil) -> ServiceRefusal {
        ServiceRefusal.invalid("draw-refused", error.message, errors: field.map { [$0: error.message] } ?? [:])
    }
}
