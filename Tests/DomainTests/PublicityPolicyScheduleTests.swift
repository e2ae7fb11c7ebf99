import Domain
import Foundation
import Testing

// Issue 13 item 4 (SPEC P7.5; 公示办法 七 "公示期限按照国家和本市有关规定执行"): publicity periods are a
// policy the legal section sets, each version with an effective date; the 2026 credit-repair
// measures (《信用修复管理办法》, 国家发展改革委令2025年第36号) add the minor tier, in principle not
// published; the legal section, not the drafter, chooses the category at approval.

@Suite("Publicity policy — issue 13 item 4: tiers, effective dates, category at approval")
struct PublicityPolicyScheduleTests {
    typealias F = PublicityFixtures

    @Test("《信用修复管理办法》: minor 原则上不予公示 (an empty period), general 3 months–1 year, serious 1–3 years")
    func nationalTiers() {
        let policy = PublicityPeriodPolicy.national
        #expect(policy.duration(for: .minorPenalty) == .notListed)
        #expect(policy.duration(for: .generalPenalty) == .months(minimum: 3, maximum: 12))
        #expect(policy.duration(for: .seriousPenalty) == .months(minimum: 12, maximum: 36))
        let minor = policy.period(category: .minorPenalty, start: F.day("2026-05-10"))
        #expect(minor.isEmpty)
        #expect(!minor.contains(F.day("2026-05-10")) && !minor.contains(F.day("2026-05-09")))
        #expect(minor.hasEnded(on: F.day("2026-05-10")))
        #expect(!minor.canEndEarly(on: F.day("2027-01-01")))
    }

    @Test("《信用修复管理办法》: a minor penalty may be listed when truly necessary, at most 3 months; only it may be unpublished; credit periods have an end")
    func checks() throws {
        let necessary = try PublicityPeriodPolicy(overriding: [.minorPenalty: .months(minimum: 0, maximum: 3)])
        #expect(necessary.publicityEnd(start: F.day("2026-05-10"), category: .minorPenalty) == F.day("2026-08-10"))
        #expect(necessary.canEndEarly(start: F.day("2026-05-10"), category: .minorPenalty, on: F.day("2026-05-11")))
        func rule(_ category: PublicityCategory, _ duration: PublicityDuration) -> PublicityPolicyError.Rule? {
            do {
                _ = try PublicityPeriodPolicy(overriding: [category: duration])
                return nil
            } catch {
                return error.rule
            }
        }
        #expect(rule(.minorPenalty, .months(minimum: nil, maximum: 4)) == .minorTooLong)
        #expect(rule(.generalPenalty, .notListed) == .notListedNotAllowed)
        #expect(rule(.seriousPenalty, .untilWithdrawn) == .openEndedCredit)
        #expect(rule(.coercion, .untilValidityEnds) == .openEndedCredit)
        #expect(rule(.generalPenalty, .months(minimum: -1, maximum: 12)) == .notPositive)
        #expect(rule(.generalPenalty, .months(minimum: 3, maximum: 0)) == .notPositive)
        #expect(rule(.licensing, .untilValidityEnds) == nil)
    }

    @Test("issue 13: the policy in force on a day is the latest version effective on or before it, else the start-up default")
    func inForce() throws {
        let fallback = try PublicityPeriodPolicy(overriding: [.generalPenalty: .months(minimum: 3, maximum: 6)])
        let april = try PublicityPolicySchedule.change(
            durations: [.generalPenalty: .months(minimum: 3, maximum: 12)], effectiveFrom: F.day("2026-04-01"),
            reason: "《信用修复管理办法》施行", by: F.legalA.userID, at: F.shanghai("2026-03-20"))
        let june = try PublicityPolicySchedule.change(
            durations: [.generalPenalty: .months(minimum: 12, maximum: 12)], effectiveFrom: F.day("2026-06-01"),
            reason: "本市安全生产领域规定", by: F.legalA.userID, at: F.shanghai("2026-05-20"))
        // A second change for the same day replaces the first.
        let juneAgain = try PublicityPolicySchedule.change(
            durations: [.generalPenalty: .months(minimum: 6, maximum: 12)], effectiveFrom: F.day("2026-06-01"),
            reason: "更正", by: F.legalB.userID, at: F.shanghai("2026-05-21"))
        let schedule = PublicityPolicySchedule(versions: [juneAgain, april, june], fallback: fallback)
        #expect(schedule.policy(on: F.day("2026-03-31")) == fallback)
        #expect(schedule.policy(on: F.day("2026-04-01")).duration(for: .generalPenalty) == .months(minimum: 3, maximum: 12))
        #expect(schedule.policy(on: F.day("2026-05-31")).duration(for: .generalPenalty) == .months(minimum: 3, maximum: 12))
        #expect(schedule.version(on: F.day("2026-06-01"))?.id == juneAgain.id)
        #expect(PublicityPolicySchedule(versions: [], fallback: fallback).policy(on: F.day("2030-01-01")) == fallback)
    }

    @Test("issue 13: a change needs a reason, may not reach back before today, and its durations are checked")
    func changeRefusals() {
        func errors(_ durations: [PublicityCategory: PublicityDuration], _ from: String, _ reason: String) -> [String: String] {
            do {
                _ = try PublicityPolicySchedule.change(
                    durations: durations, effectiveFrom: F.day(from), reason: reason, by: F.legalA.userID, at: F.shanghai("2026-05-20"))
                return [:]
            } catch {
                return error.errors
            }
        }
        #expect(errors([:], "2026-05-19", "理由").keys.sorted() == ["effectiveFrom"])
        #expect(errors([:], "2026-05-20", "  ").keys.sorted() == ["reason"])
        #expect(errors([.generalPenalty: .notListed], "2026-05-20", "理由").keys.sorted() == ["general-penalty"])
        #expect(errors([:], "2026-05-20", "理由").isEmpty)
    }

    @Test("issue 13: the approver fixes the category; publishing uses it with the policy given; the drafter cannot choose")
    func categoryAtApproval() throws {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-05-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-05-12", 10))
        let wrong = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.take(
                .approve, on: submitted.publication, input: PublicationStepInput(category: .beforeEnforcement),
                policy: .national, by: F.legalA, at: F.shanghai("2026-05-12", 11))
        }
        #expect(wrong == .periodCategoryMismatch(.penaltyDecision, .beforeEnforcement))
        let approved = try PublicationWorkflow.take(
            .approve, on: submitted.publication, input: PublicationStepInput(category: .seriousPenalty),
            policy: .national, by: F.legalA, at: F.shanghai("2026-05-12", 11))
        #expect(approved.transition.category == .seriousPenalty)
        #expect(approved.publication.approvedCategory == .seriousPenalty)
        // The publisher's input carries no category that counts: the approval's is used.
        let published = try PublicationWorkflow.take(
            .publish, on: approved.publication, input: PublicationStepInput(category: .generalPenalty),
            policy: .national, by: F.brigadeLeader, at: F.shanghai("2026-05-13"))
        #expect(published.publication.period?.category == .seriousPenalty)
        // F.version(1)'s decision date is 2026-02-12: three years from it.
        #expect(published.publication.period?.lastDay == F.day("2029-02-12"))
    }

    @Test("issue 13: a minor penalty is 'published' (the P7.1 step, on the ledger) but listed on no day, and expires at once")
    func minorPenaltyIsNeverListed() throws {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-05-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-05-12", 10))
        let approved = try PublicationWorkflow.approve(
            submitted.publication, category: .minorPenalty, by: F.legalA, at: F.shanghai("2026-05-12", 11))
        let published = try PublicationWorkflow.take(
            .publish, on: approved.publication, input: PublicationStepInput(), policy: .national, by: F.brigadeLeader,
            at: F.shanghai("2026-05-13")).publication
        #expect(published.state == .published)
        #expect(published.period?.isEmpty == true)
        #expect(!published.isListed(on: F.day("2026-05-13")) && !published.isListed(on: F.day("2026-02-12")))
        #expect(try PublicationWorkflow.expire(published, at: F.shanghai("2026-05-13", 11)).publication.state == .expired)
    }

    @Test("issue 13: the approval's category is on the ledger leaf; other steps' leaves are unchanged")
    func ledgerCarriesCategory() throws {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-05-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-05-12", 10))
        let approved = try PublicationWorkflow.approve(
            submitted.publication, category: .generalPenalty, by: F.legalA, at: F.shanghai("2026-05-12", 11))
        let content = PublicContent(F.version(1))
        let leaf = String(decoding: try DomainEvents.publicationTransition(approved.transition, content: content).canonicalBytes, as: UTF8.self)
        #expect(leaf.contains("\"publicityCategory\":\"general-penalty\""))
        let submitLeaf = String(decoding: try DomainEvents.publicationTransition(submitted.transition, content: content).canonicalBytes, as: UTF8.self)
        #expect(!submitLeaf.contains("publicityCategory"))
    }

    @Test("issue 13: the policy-change event holds the effective date and a digest, no durations in clear and no names")
    func policyEvent() throws {
        let version = try PublicityPolicySchedule.change(
            durations: [:], effectiveFrom: F.day("2026-06-01"), reason: "理由", by: F.legalA.userID, at: F.shanghai("2026-05-20"))
        let leaf = String(decoding: try DomainEvents.publicityPolicyChanged(version).canonicalBytes, as: UTF8.self)
        #expect(leaf.contains("\"type\":\"publicity_policy.changed\"") && leaf.contains("\"effectiveFrom\":\"2026-06-01\""))
        #expect(leaf.contains("contentSha256"))
    }
}
