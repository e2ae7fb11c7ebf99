import Domain
import Foundation
import Testing

/// Issue 11 item 2: the steps offered for a publication are exactly those the workflow accepts,
/// for every state and every role — the desk shows these as its buttons.
@Suite struct PublicationStepTests {
    typealias F = PublicityFixtures

    /// One publication in each state the desk can show, with who drafted it.
    static func publications() throws -> [(name: String, publication: Publication)] {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-02-12", 9)).publication
        let submitted = try PublicationWorkflow.submit(drafted, by: F.officer, at: F.shanghai("2026-02-12", 11)).publication
        let sentBack = try PublicationWorkflow.sendBack(submitted, comment: "罚款金额有误", by: F.legalA, at: F.shanghai("2026-02-12", 14)).publication
        let approved = try PublicationWorkflow.approve(submitted, by: F.legalA, at: F.shanghai("2026-02-13", 9)).publication
        let published = try F.publishedPenalty()
        let correction = F.version(
            2, by: F.legalA, at: F.shanghai("2026-02-20"), supersedes: published.publishedVersionID, correctionReason: "决定书文号有误")
        let pending = try PublicationWorkflow.proposeCorrection(published, with: correction, by: F.legalA, at: F.shanghai("2026-02-20")).publication
        let corrected = try PublicationWorkflow.correct(pending, by: F.legalB, at: F.shanghai("2026-02-21")).publication
        let withdrawn = try PublicationWorkflow.withdraw(published, reason: "行政复议决定撤销", by: F.legalA, at: F.shanghai("2026-03-01")).publication
        return [("draft", drafted), ("submitted", submitted), ("sent back", sentBack), ("approved", approved),
                ("published", published), ("correction pending", pending), ("corrected", corrected), ("withdrawn", withdrawn)]
    }

    /// Everyone who may meet a publication: the drafter, the legal section's two people, and one
    /// fresh person in every role.
    static let actors: [PublicationActor] = [F.officer, F.legalA, F.legalB, F.brigadeLeader, F.supervisor]
        + Role.allCases.enumerated().map { PublicationActor(userID: F.id(900 + $0.offset), role: $0.element) }

    /// The workflow called directly, with what a person would type: the oracle.
    static func accepts(_ step: PublicationStep, _ publication: Publication, _ actor: PublicationActor, at: Date) -> Bool {
        let reason = "当事人已履行处罚决定，依申请提前结束公示"
        let latest = publication.latestVersion
        let next = latest.number + 1
        do {
            switch step {
            case .revise:
                _ = try PublicationWorkflow.revise(publication, with: F.version(next, by: actor, at: at, supersedes: latest.id), by: actor, at: at)
            case .submit: _ = try PublicationWorkflow.submit(publication, by: actor, at: at)
            case .approve: _ = try PublicationWorkflow.approve(publication, by: actor, at: at)
            case .sendBack: _ = try PublicationWorkflow.sendBack(publication, comment: reason, by: actor, at: at)
            case .publish:
                let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: F.day("2026-02-12"))
                _ = try PublicationWorkflow.publish(publication, period: period, by: actor, at: at)
            case .proposeCorrection:
                let version = F.version(next, by: actor, at: at, supersedes: publication.publishedVersionID, correctionReason: reason)
                _ = try PublicationWorkflow.proposeCorrection(publication, with: version, by: actor, at: at)
            case .applyCorrection: _ = try PublicationWorkflow.correct(publication, by: actor, at: at)
            case .rejectCorrection: _ = try PublicationWorkflow.rejectCorrection(publication, comment: reason, by: actor, at: at)
            case .withdraw: _ = try PublicationWorkflow.withdraw(publication, reason: reason, by: actor, at: at)
            case .endEarly: _ = try PublicationWorkflow.endEarly(publication, reason: reason, by: actor, at: at)
            }
            return true
        } catch {
            return false
        }
    }

    @Test("issue 11: availableSteps is exactly what the workflow accepts, for every state × role, early and late in the period",
          arguments: [F.shanghai("2026-03-02"), F.shanghai("2026-06-01")])
    func availableStepsMatchTheWorkflow(at: Date) throws {
        for (name, publication) in try Self.publications() {
            for actor in Self.actors {
                let offered = PublicationWorkflow.availableSteps(for: publication, actor: actor, policy: .national, at: at)
                let accepted = PublicationStep.allCases.filter { Self.accepts($0, publication, actor, at: at) }
                #expect(offered == accepted, "\(name) as \(actor.role) \(actor.userID): offered \(offered), accepted \(accepted)")
            }
        }
    }

    @Test("the four-eyes and legal-section guards show in the offered steps")
    func guardsShow() throws {
        let states = Dictionary(uniqueKeysWithValues: try Self.publications().map { ($0.name, $0.publication) })
        let at = F.shanghai("2026-03-02")
        let steps = { (name: String, actor: PublicationActor) in
            PublicationWorkflow.availableSteps(for: states[name]!, actor: actor, policy: .national, at: at)
        }
        #expect(steps("draft", F.officer) == [.revise, .submit])
        #expect(steps("draft", F.supervisor) == [])
        #expect(steps("submitted", F.legalA) == [.approve, .sendBack])
        #expect(steps("submitted", F.officer) == [])  // an officer never approves, least of all their own
        // The proposer of a correction may not apply it; the second person of the legal section may.
        #expect(!steps("correction pending", F.legalA).contains(.applyCorrection))
        #expect(steps("correction pending", F.legalB).contains(.applyCorrection))
        #expect(!steps("correction pending", F.legalB).contains(.proposeCorrection))
        // A general penalty's minimum period is 3 months: no early end on 2 March, one on 1 June.
        #expect(!steps("published", F.legalA).contains(.endEarly))
        #expect(PublicationWorkflow.availableSteps(for: states["published"]!, actor: F.legalA, policy: .national, at: F.shanghai("2026-06-01"))
            .contains(.endEarly))
        #expect(steps("withdrawn", F.legalA) == [])
    }
}
