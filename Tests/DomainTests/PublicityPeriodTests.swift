import Domain
import Foundation
import Testing

// SPEC P7.5: each publication leaves the public lists when its publicity period ends, and stays in
// the ledger and the archive; a credit-repair decision may end it early, only after the minimum.
// Periods count by 《民法典》第二百零一条、第二百零二条: the start day is not counted, and a period of
// months ends on the corresponding day of the last month (its last day when there is none).

@Suite("PublicityPeriodPolicy — SPEC P7.5 publicity periods, expiry and early end")
struct PublicityPeriodTests {
    typealias F = PublicityFixtures
    let policy = PublicityPeriodPolicy.national

    @Test("SPEC P7.5: general penalty decided 2026-01-15 — at most 1 year (last day 2027-01-15), at least 3 months")
    func generalPenalty() {
        let start = F.day("2026-01-15")
        #expect(policy.publicityEnd(start: start, category: .generalPenalty) == F.day("2027-01-15"))
        #expect(policy.earliestEarlyEnd(start: start, category: .generalPenalty) == F.day("2026-04-16"))
        #expect(!policy.canEndEarly(start: start, category: .generalPenalty, on: F.day("2026-04-15")))
        #expect(policy.canEndEarly(start: start, category: .generalPenalty, on: F.day("2026-04-16")))
    }

    @Test("SPEC P7.5: serious penalty decided 2026-01-15 — at most 3 years (2029-01-15), at least 1 year")
    func seriousPenalty() {
        let start = F.day("2026-01-15")
        #expect(policy.publicityEnd(start: start, category: .seriousPenalty) == F.day("2029-01-15"))
        #expect(!policy.canEndEarly(start: start, category: .seriousPenalty, on: F.day("2027-01-15")))
        #expect(policy.canEndEarly(start: start, category: .seriousPenalty, on: F.day("2027-01-16")))
    }

    @Test("SPEC P7.5: a month without the corresponding day ends on its last day (2026-08-31 + 3 months = 2026-11-30)")
    func clampedMonthEnd() throws {
        let custom = try PublicityPeriodPolicy(overriding: [.generalPenalty: .months(minimum: 1, maximum: 3)])
        #expect(custom.publicityEnd(start: F.day("2026-08-31"), category: .generalPenalty) == F.day("2026-11-30"))
        #expect(custom.earliestEarlyEnd(start: F.day("2026-08-31"), category: .generalPenalty) == F.day("2026-10-01"))
    }

    @Test("SPEC P7.5: licences until 有效期至, before-enforcement items and yearly figures without end, no early end")
    func openEndedCategories() {
        let start = F.day("2026-03-02")
        #expect(policy.publicityEnd(start: start, category: .licensing, validUntil: F.day("2029-03-01")) == F.day("2029-03-01"))
        #expect(policy.publicityEnd(start: start, category: .licensing) == nil)
        #expect(policy.publicityEnd(start: start, category: .beforeEnforcement) == nil)
        #expect(policy.publicityEnd(start: start, category: .yearlyFigures) == nil)
        #expect(!policy.canEndEarly(start: start, category: .licensing, on: F.day("2030-01-01")))
        #expect(!policy.canEndEarly(start: start, category: .inspectionResult, on: F.day("2028-01-01")))
    }

    @Test("SPEC P7.5: periods are configurable per category, and impossible settings are refused")
    func configurable() throws {
        let longer = try PublicityPeriodPolicy(overriding: [.generalPenalty: .months(minimum: 12, maximum: 12)])
        #expect(longer.publicityEnd(start: F.day("2026-01-15"), category: .generalPenalty) == F.day("2027-01-15"))
        #expect(longer.canEndEarly(start: F.day("2026-01-15"), category: .generalPenalty, on: F.day("2027-01-16")))
        #expect(longer.duration(for: .seriousPenalty) == .months(minimum: 12, maximum: 36))
        #expect(throws: PublicityPolicyError.self) {
            try PublicityPeriodPolicy(overriding: [.seriousPenalty: .months(minimum: 36, maximum: 12)])
        }
        #expect(throws: PublicityPolicyError.self) {
            try PublicityPeriodPolicy(overriding: [.coercion: .months(minimum: nil, maximum: 0)])
        }
        let data = try JSONEncoder().encode(longer)
        #expect(try JSONDecoder().decode(PublicityPeriodPolicy.self, from: data) == longer)
    }

    // MARK: On a publication

    @Test("SPEC P7.5: a penalty decided 2026-02-12 is listed through 2027-02-12 and leaves the lists on 2027-02-13")
    func leavesListsAtEnd() throws {
        let published = try F.publishedPenalty()
        #expect(published.period?.lastDay == F.day("2027-02-12"))
        #expect(published.isListed(on: F.day("2027-02-12")))
        #expect(!published.isListed(on: F.day("2027-02-13")))
    }

    @Test("SPEC P7.5: expiry is refused on the last day and recorded (by the system) the day after; nothing is deleted")
    func expiry() throws {
        let published = try F.publishedPenalty()
        let early = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.expire(published, at: F.shanghai("2027-02-12", 23, 59))
        }
        #expect(early == .periodNotEnded(lastDay: F.day("2027-02-12")))

        let expired = try PublicationWorkflow.expire(published, at: F.shanghai("2027-02-13", 0, 5))
        #expect(expired.publication.state == .expired)
        #expect(expired.transition.by == nil)
        #expect(expired.transition.eventType == "publication.expired")
        #expect(expired.publication.versions == published.versions)
        #expect(!expired.publication.isListed(on: F.day("2027-02-13")))
    }

    @Test("SPEC P7.5: an early end (信用修复) only after the minimum period, with a reason")
    func earlyEnd() throws {
        let published = try F.publishedPenalty()
        // Decided 2026-02-12: the 3-month minimum runs through 2026-05-12.
        let tooEarly = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.endEarly(published, reason: "已完成信用修复", by: F.legalA, at: F.shanghai("2026-05-12"))
        }
        #expect(tooEarly == .minimumPeriodNotReached(earliest: F.day("2026-05-13")))
        #expect(tooEarly?.message == "最短公示期未满，2026年5月13日起方可提前终止公示")

        let noReason = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.endEarly(published, reason: "", by: F.legalA, at: F.shanghai("2026-05-13"))
        }
        #expect(noReason == .reasonRequired(.endedEarly))

        let ended = try PublicationWorkflow.endEarly(published, reason: "已完成信用修复", by: F.legalA, at: F.shanghai("2026-05-13"))
        #expect(ended.publication.state == .expired)
        #expect(ended.transition.kind == .endedEarly)
        #expect(ended.transition.reason == "已完成信用修复")
        #expect(!ended.publication.isListed(on: F.day("2026-05-13")))
    }

    @Test("SPEC P7.5: a penalty cannot be published with an open-ended period by mistake")
    func categoryMustFitKind() throws {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-02-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-02-12", 10))
        let approved = try PublicationWorkflow.approve(submitted.publication, by: F.legalA, at: F.shanghai("2026-02-12", 11))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.publish(
                approved.publication, period: policy.period(category: .beforeEnforcement, start: F.day("2026-02-12")),
                by: F.brigadeLeader, at: F.shanghai("2026-02-13"))
        }
        #expect(error == .periodCategoryMismatch(.penaltyDecision, .beforeEnforcement))
        let serious = try PublicationWorkflow.publish(
            approved.publication, period: policy.period(category: .seriousPenalty, start: F.day("2026-02-12")),
            by: F.brigadeLeader, at: F.shanghai("2026-02-13"))
        #expect(serious.publication.period?.lastDay == F.day("2029-02-12"))
    }

    @Test("SPEC P7.5: an item without an end never expires")
    func noEndNoExpiry() throws {
        let drafted = try PublicationWorkflow.draft(
            F.version(1, kind: .powerItem, fields: ["事项名称": "危险化学品经营许可"], title: "权力事项", by: F.legalA),
            by: F.legalA, at: F.shanghai("2026-02-12"))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.legalA, at: F.shanghai("2026-02-12", 11))
        let approved = try PublicationWorkflow.approve(submitted.publication, by: F.legalB, at: F.shanghai("2026-02-12", 12))
        let published = try PublicationWorkflow.publish(
            approved.publication, period: policy.period(category: .beforeEnforcement, start: F.day("2026-02-12")),
            by: F.legalB, at: F.shanghai("2026-02-12", 13)).publication
        #expect(published.isListed(on: F.day("2036-02-12")))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.expire(published, at: F.shanghai("2036-02-12"))
        }
        #expect(error == .periodNotEnded(lastDay: nil))
    }

    @Test("SPEC P7.5: a penalty's period counts from its decision date, not from the day it was published")
    func periodCountsFromDecisionDate() {
        let version = PublicityFixtures.version(1)  // decided 2026-02-12
        let period = PublicityPeriodPolicy.national.period(
            for: version, category: .generalPenalty, publishedOn: PublicityFixtures.day("2026-02-20"))
        #expect(period.start == PublicityFixtures.day("2026-02-12"))
        #expect(period.lastDay == PublicityFixtures.day("2027-02-12"))
        var fields = PublicityFixtures.licensingFields()
        fields["validTo"] = "2029-03-01"
        let licence = PublicityFixtures.version(1, kind: .licensingDecision, fields: fields)
        #expect(PublicityPeriodPolicy.national.period(for: licence, category: .licensing, publishedOn: PublicityFixtures.day("2026-03-03"))
            .lastDay == PublicityFixtures.day("2029-03-01"))
    }
}

