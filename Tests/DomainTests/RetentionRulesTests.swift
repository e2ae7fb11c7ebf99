import Foundation
import Domain
import Testing

// SPEC R10: archived records are kept for their retention period; inspection video that is not
// evidence and had no dispute need not be archived, but is kept at least 6 months.

private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

@Suite struct RetentionRulesTests {
    @Test func addingMonthsKeepsTheDayOrClampsToTheMonthEnd() {
        let cases: [(String, Int, String)] = [
            ("2026-01-15", 6, "2026-07-15"),
            ("2026-08-31", 6, "2027-02-28"),   // clamped: no 31 February
            ("2027-08-31", 6, "2028-02-29"),   // a leap year keeps the 29th
            ("2026-10-31", 6, "2027-04-30"),
            ("2026-12-15", 1, "2027-01-15"),   // across the year end
            ("2024-02-29", 12, "2025-02-28"),
            ("2026-03-31", -1, "2026-02-28"),
            ("2026-01-31", -13, "2024-12-31"),
            ("2026-05-20", 0, "2026-05-20"),
        ]
        for (start, months, end) in cases {
            #expect(date(start).adding(months: months) == date(end), "\(start) + \(months)")
        }
        #expect(date("9999-12-01").adding(months: 1) == nil)
        #expect(date("0001-01-31").adding(months: -1) == nil)
    }

    @Test func inspectionVideoNotEvidenceAndUndisputedIsKeptSixMonths() {
        let disposal = RetentionRules.earliestDisposal(
            capturedOn: date("2026-08-31"), isEvidence: false, disputed: false, archived: nil)

        #expect(disposal == date("2027-03-01"))
        #expect(RetentionRules.earliestDisposal(
            capturedOn: date("2026-03-02"), isEvidence: false, disputed: false, archived: nil) == date("2026-09-03"))
    }

    /// 民法典 第二百零一条、第二百零二条 (issue 14 item 1): the capture day is not counted; the period
    /// ends on the corresponding day six months on (or that month's last day), which is still kept;
    /// the first disposal day is the day after — never the same day.
    @Test func theSixMonthsEndOnTheCorrespondingDayWhichIsStillKept() {
        let cases: [(captured: String, lastKept: String, firstDisposable: String)] = [
            ("2026-03-15", "2026-09-15", "2026-09-16"),
            ("2026-08-31", "2027-02-28", "2027-03-01"),   // no 31 February: the month's last day
            ("2027-08-31", "2028-02-29", "2028-03-01"),   // leap year
            ("2026-12-31", "2027-06-30", "2027-07-01"),
            ("2026-07-01", "2027-01-01", "2027-01-02"),   // across the year end
        ]
        for (captured, lastKept, firstDisposable) in cases {
            let policy = RetentionRules.policy(
                capturedOn: date(captured), isInspectionVideo: true, isEvidence: false, disputed: false, archived: nil)
            #expect(RetentionRules.lastDayKept(capturedOn: date(captured)) == date(lastKept), "\(captured)")
            #expect(policy.lastDayKept == date(lastKept), "\(captured)")
            #expect(policy.earliestDisposal == date(firstDisposable), "\(captured)")
            #expect(!policy.isDisposable(on: date(lastKept)), "\(captured): the last day is kept")
            #expect(policy.isDisposable(on: date(firstDisposable)), "\(captured)")
        }
    }

    /// The SPEC reads "not evidence and had no dispute": either one keeps it in the archive.
    @Test func evidenceOrADisputeMustBeArchived() {
        for (isEvidence, disputed) in [(true, false), (false, true), (true, true)] {
            let policy = RetentionRules.policy(
                capturedOn: date("2026-03-02"), isInspectionVideo: true, isEvidence: isEvidence,
                disputed: disputed, archived: nil)
            #expect(policy == .mustArchive, "evidence \(isEvidence), disputed \(disputed)")
            #expect(RetentionRules.earliestDisposal(
                capturedOn: date("2026-03-02"), isEvidence: isEvidence, disputed: disputed, archived: nil) == nil)
        }
    }

    @Test func onlyInspectionVideoMayStayOutOfTheArchive() {
        let policy = RetentionRules.policy(
            capturedOn: date("2026-03-02"), isInspectionVideo: false, isEvidence: false, disputed: false,
            archived: nil)

        #expect(policy == .mustArchive)
        #expect(policy.message == "应当归档，尚未归档")
    }

    @Test func anArchivedRecordIsKeptForItsPeriodFromTheNextFirstOfJanuary() {
        func disposal(_ period: RetentionPeriod, evidence: Bool = true) -> CivilDate? {
            RetentionRules.earliestDisposal(
                capturedOn: date("2026-05-10"), isEvidence: evidence, disputed: false, archived: period)
        }

        #expect(disposal(.tenYears) == date("2037-01-01"))
        #expect(disposal(.thirtyYears) == date("2057-01-01"))
        #expect(disposal(.permanent) == nil)
        // Archived although it need not have been: the archive's period governs, not 6 months.
        #expect(disposal(.tenYears, evidence: false) == date("2037-01-01"))
        #expect(RetentionRules.earliestDisposal(
            capturedOn: date("2026-12-31"), isEvidence: false, disputed: false, archived: .tenYears) == date("2037-01-01"))
    }

    @Test func policiesSayWhatTheyAreInChinese() {
        let unarchived = RetentionRules.policy(
            capturedOn: date("2026-08-31"), isInspectionVideo: true, isEvidence: false, disputed: false, archived: nil)
        let permanent = RetentionRules.policy(
            capturedOn: date("2026-08-31"), isInspectionVideo: false, isEvidence: true, disputed: false,
            archived: .permanent)
        let tenYears = RetentionRules.policy(
            capturedOn: date("2026-08-31"), isInspectionVideo: false, isEvidence: true, disputed: false,
            archived: .tenYears)

        #expect(unarchived == .keptUnarchived(earliestDisposal: date("2027-03-01")))
        #expect(unarchived.message == "行政检查视音频记录，不作为证据且未发生争议，可不归档；保存至少6个月，至2027年2月28日（含），2027年3月1日起可进行到期鉴定")
        #expect(permanent == .archived(.permanent, earliestDisposal: nil))
        #expect(permanent.message == "已归档，保管期限永久")
        #expect(tenYears.message == "已归档，保管期限定期10年，2037年1月1日起可进行到期鉴定")
    }

    @Test func periodsAreThoseOfTheArchiveRules() {
        #expect(RetentionPeriod.allCases.map(\.rawValue) == ["permanent", "30-years", "10-years"])
        #expect(RetentionPeriod.allCases.map(\.chineseName) == ["永久", "定期30年", "定期10年"])
        #expect(RetentionPeriod.allCases.map(\.years) == [nil, 30, 10])
        #expect(RetentionRules.unarchivedMinimumMonths == 6)
    }
}

/// Issue 17 item 1: the object-lock date a blob is written with follows from its retention class.
@Suite struct BlobLockTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("unarchived inspection video is locked to its first disposal day; the rest at least 10 years")
    func lockDates() {
        let captured = Self.day("2026-03-15")
        let video = RetentionRules.policy(capturedOn: captured, isInspectionVideo: true, isEvidence: false, disputed: false, archived: nil)
        #expect(BlobLock.retainUntil(video, capturedOn: captured) == Self.day("2026-09-16"))
        let photo = RetentionRules.policy(capturedOn: captured, isInspectionVideo: false, isEvidence: false, disputed: false, archived: nil)
        #expect(photo == .mustArchive)
        #expect(BlobLock.retainUntil(photo, capturedOn: captured) == Self.day("2037-01-01"))
        let thirty = RetentionRules.policy(capturedOn: captured, isInspectionVideo: false, isEvidence: false, disputed: false, archived: .thirtyYears)
        #expect(BlobLock.retainUntil(thirty, capturedOn: captured) == Self.day("2057-01-01"))
        let permanent = RetentionRules.policy(capturedOn: captured, isInspectionVideo: false, isEvidence: false, disputed: false, archived: .permanent)
        #expect(BlobLock.retainUntil(permanent, capturedOn: captured) == Self.day("2126-01-01"))
        // The lock ends at midnight in Shanghai: 16:00 UTC the day before.
        #expect(BlobLock.retainUntilInstant(video, capturedOn: captured) == Date(timeIntervalSince1970: 1_789_488_000))
    }
}
