import Domain
import Foundation
import Testing

// SPEC P6: an on-site act needs at least two officers, each holding a certificate valid that day
// (the Asia/Shanghai date of the start); otherwise it is refused with a reason naming the officer.
@Suite struct ActivityRulesTests {
    typealias F = RecordingFixtures

    func refusal(_ activity: Activity, officers: [Officer] = F.officers) -> ActivityError? {
        do throws(ActivityError) {
            try ActivityRules.validate(activity, officers: officers)
            return nil
        } catch {
            return error
        }
    }

    @Test("SPEC P6: two officers with certificates valid that day are accepted")
    func twoCertifiedOfficersAccepted() {
        let activity = F.activity(officers: [F.zhang, F.li])

        let error = refusal(activity)

        #expect(error == nil)
        #expect(ActivityRules.problems(activity, officers: F.officers).isEmpty)
    }

    @Test("SPEC P6: one officer on site is refused, naming the officer")
    func oneOfficerRefused() throws {
        let activity = F.activity(officers: [F.zhang])

        let error = try #require(refusal(activity))

        #expect(error == .tooFewOfficersOnSite(names: ["张三"]))
        #expect(error.field == "officerIDs")
        #expect(error.description == "现场执法至少需要两名执法人员，本次只有1名（张三）")
    }

    @Test("SPEC P6: no officer on site is refused")
    func noOfficerOnSiteRefused() {
        let error = refusal(F.activity(officers: []))

        #expect(error == .tooFewOfficersOnSite(names: []))
        #expect(error?.description == "现场执法至少需要两名执法人员，本次未填写执法人员")
    }

    @Test("SPEC P6: a certificate that ran out the day before is refused, naming officer, day and expiry")
    func expiredCertificateRefused() throws {
        let activity = F.activity(officers: [F.zhang, F.wangExpired])

        let error = try #require(refusal(activity))

        #expect(error == .noValidCertificate(
            officerID: F.wangExpired.id, name: "王五", date: F.date(2026, 11, 29),
            problem: .expired(number: "31070020003", validTo: F.date(2026, 11, 28))))
        #expect(error.description == "执法人员王五没有在2026年11月29日有效的执法证（执法证31070020003已于2026年11月28日到期）")
        #expect(error.field == "officerIDs")
    }

    @Test("SPEC P6: a certificate starting tomorrow is refused, saying when it starts")
    func certificateStartingTomorrowRefused() throws {
        let activity = F.activity(officers: [F.zhaoTomorrow, F.li])

        let error = try #require(refusal(activity))

        #expect(error == .noValidCertificate(
            officerID: F.zhaoTomorrow.id, name: "赵六", date: F.date(2026, 11, 29),
            problem: .notYetValid(number: "31070020004", validFrom: F.date(2026, 11, 30))))
        #expect(error.description == "执法人员赵六没有在2026年11月29日有效的执法证（执法证31070020004自2026年11月30日起才有效）")
    }

    @Test("SPEC P6: an officer with no certificate at all is refused")
    func noCertificateRefused() {
        let error = refusal(F.activity(officers: [F.zhang, F.qianNone]))

        #expect(error?.description == "执法人员钱七没有在2026年11月29日有效的执法证（未登记执法证）")
    }

    @Test("SPEC P6: the first and last day of a certificate count as valid")
    func certificateBoundaryDaysAccepted() {
        let lastDay = F.officer("孙八", id: 6, certificates: [
            F.certificate("31070020006", from: F.date(2020, 1, 1), to: F.date(2026, 11, 29)),
        ])
        let firstDay = F.officer("周九", id: 7, certificates: [
            F.certificate("31070020007", from: F.date(2026, 11, 29), to: F.date(2030, 1, 1)),
        ])

        let error = refusal(F.activity(officers: [lastDay, firstDay]), officers: [lastDay, firstDay])

        #expect(error == nil)
    }

    @Test("SPEC P6: the day is the Asia/Shanghai date of the start, not the UTC date")
    func dayIsShanghaiDate() {
        // 2026-11-29 00:30 in Shanghai is 2026-11-28 16:30 UTC.
        let start = F.shanghai(2026, 11, 29, 0, 30)
        let startsOn29 = F.zhaoTomorrow  // valid from 2026-11-30: refused either way
        let endsOn28 = F.wangExpired      // valid to 2026-11-28: fine by UTC, refused by Shanghai date
        let activity = F.activity(officers: [F.zhang, endsOn28], startedAt: start, endedAt: start.addingTimeInterval(600))

        let error = refusal(activity)

        #expect(activity.date == F.date(2026, 11, 29))
        #expect(error == .noValidCertificate(
            officerID: endsOn28.id, name: "王五", date: F.date(2026, 11, 29),
            problem: .expired(number: "31070020003", validTo: F.date(2026, 11, 28))))
        #expect(refusal(F.activity(officers: [F.zhang, startsOn29], startedAt: start, endedAt: start)) != nil)
    }

    @Test("SPEC P6: a certificate with a gap day is judged on the day itself, with the next one named")
    func betweenTwoCertificatesNamesTheNextOne() {
        let renewed = F.officer("吴十", id: 8, certificates: [
            F.certificate("OLD", from: F.date(2020, 1, 1), to: F.date(2026, 11, 28)),
            F.certificate("NEW", from: F.date(2026, 11, 30), to: F.date(2031, 11, 29)),
        ])

        let error = refusal(F.activity(officers: [F.zhang, renewed]), officers: [F.zhang, renewed])

        #expect(error == .noValidCertificate(
            officerID: renewed.id, name: "吴十", date: F.date(2026, 11, 29),
            problem: .notYetValid(number: "NEW", validFrom: F.date(2026, 11, 30))))
    }

    @Test("SPEC R2: an end before the start is refused on the endedAt field")
    func endBeforeStartRefused() throws {
        let activity = F.activity(startedAt: F.shanghai(2026, 11, 29, 10, 0), endedAt: F.shanghai(2026, 11, 29, 9, 0))

        let error = try #require(refusal(activity))

        #expect(error == .endBeforeStart(startedAt: activity.startedAt, endedAt: activity.endedAt))
        #expect(error.field == "endedAt")
        #expect(error.description == "结束时间（2026年11月29日 09:00）早于开始时间（2026年11月29日 10:00）")
    }

    @Test("SPEC P6: an unknown officer id is refused")
    func unknownOfficerRefused() {
        let stranger = UUID(uuidString: "00000000-0000-0000-0000-0000000000ff")!
        var activity = F.activity()
        activity.officerIDs.append(stranger)

        let error = refusal(activity)

        #expect(error == .unknownOfficer(stranger))
        #expect(error?.description == "执法人员不存在（编号 00000000-0000-0000-0000-0000000000ff）")
    }

    @Test("SPEC P6: one officer named twice does not count as two")
    func duplicateOfficerRefused() {
        var activity = F.activity(officers: [F.zhang])
        activity.officerIDs = [F.zhang.id, F.zhang.id]

        let problems = ActivityRules.problems(activity, officers: F.officers)

        #expect(problems == [
            .duplicateOfficer(officerID: F.zhang.id, name: "张三"),
            .tooFewOfficersOnSite(names: ["张三"]),
        ])
    }

    @Test("SPEC P6: an act not on site needs one officer and no certificate check")
    func offSiteActNeedsOneOfficer() {
        let byOne = F.activity(officers: [F.wangExpired], isOnSite: false)
        let byNone = F.activity(officers: [], isOnSite: false)

        #expect(refusal(byOne) == nil)
        #expect(refusal(byNone) == .noOfficers)
    }

    @Test("SPEC R5 (八): a bureau-defined situation needs a name")
    func unnamedBureauSituationRefused() {
        let error = refusal(F.activity(situations: [.bureauDefined("  ")]))

        #expect(error == .unnamedBureauSituation)
        #expect(error?.field == "situations")
    }

    @Test("SPEC P6: problems lists every refusal, in order, for a form")
    func problemsListsEverything() {
        let activity = F.activity(
            officers: [F.wangExpired], startedAt: F.shanghai(2026, 11, 29, 10, 0), endedAt: F.shanghai(2026, 11, 29, 9, 0))

        let problems = ActivityRules.problems(activity, officers: F.officers)

        #expect(problems.map(\.field) == ["endedAt", "officerIDs", "officerIDs"])
        #expect(problems.count == 3)
        guard problems.count == 3 else { return }
        #expect(problems[1] == .tooFewOfficersOnSite(names: ["王五"]))
        #expect(problems[2].description.contains("王五"))
    }

    @Test("SPEC R1: enforcement kinds keep their slugs and Chinese names")
    func enforcementKindSlugs() {
        #expect(EnforcementKind.allCases.map(\.rawValue) == ["penalty", "coercion", "inspection", "levy-requisition", "licensing"])
        #expect(EnforcementKind.allCases.map(\.chineseName) == ["行政处罚", "行政强制", "行政检查", "行政征收征用", "行政许可"])
    }

    @Test("SPEC R5: situations keep their item numbers, names and slugs, and read back")
    func situationCatalogue() throws {
        #expect(RecordingSituation.listed.map(\.item) == [1, 2, 3, 4, 5, 6, 7])
        #expect(RecordingSituation.listed.map(\.chineseName) == [
            "告知承诺审批后的检查", "可能引发争议或存在危险的执法活动", "行政强制措施及证据先行登记保存",
            "重大事故隐患现场处理决定", "立案后的询问笔录", "陈述、申辩、听证", "留置送达、公告送达",
        ])
        for situation in F.allSituations {
            #expect(RecordingSituation(slug: situation.slug) == situation)
        }
        #expect(RecordingSituation.bureauDefined("夜间突击检查").item == 8)
        #expect(RecordingSituation.bureauDefined("夜间突击检查").chineseItem == "（八）")
        #expect(RecordingSituation(slug: "nonsense") == nil)

        let encoded = try JSONEncoder().encode([RecordingSituation.inquiryAfterFiling, .bureauDefined("夜间突击检查")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["inquiry-after-filing","bureau-defined:夜间突击检查"]"#)
        #expect(try JSONDecoder().decode([RecordingSituation].self, from: encoded)
            == [.inquiryAfterFiling, .bureauDefined("夜间突击检查")])
    }

    @Test("SPEC R6: optional situations keep their item numbers and names")
    func optionalSituationCatalogue() {
        #expect(OptionalRecordingSituation.allCases.map(\.item) == [1, 2, 3])
        #expect(OptionalRecordingSituation.allCases.map(\.chineseName) == ["现场检查", "简易程序行政处罚", "执法人员认为有必要的"])
    }

    @Test("SPEC P6: an activity round-trips through JSON")
    func activityCodableRoundTrip() throws {
        let activity = F.activity(situations: [.coerciveMeasureOrEvidencePreservation, .bureauDefined("夜间突击检查")],
                                  highRisk: true, exemption: "加油站卸油区，防爆要求")

        let decoded = try JSONDecoder().decode(Activity.self, from: JSONEncoder().encode(activity))

        #expect(decoded == activity)
    }
}
