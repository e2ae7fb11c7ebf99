import Domain
import Foundation
import Testing

// SPEC R12, R14: a supervisor's report over many activities — findings by unit, officer and kind.
@Suite struct ComplianceReportTests {
    typealias F = RecordingFixtures

    static let brigade = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    static let supervision = UUID(uuidString: "00000000-0000-0000-0000-0000000000a2")!

    func finding(_ kind: ComplianceFinding.Kind, officer: UUID? = nil) -> ComplianceFinding {
        ComplianceFinding(activityID: UUID(), kind: kind, message: kind.chineseName, officerID: officer)
    }

    func entries() -> [ComplianceReport.Entry] {
        [
            // Brigade, 张三 + 李四: video missing twice, 李四 did not show the certificate.
            ComplianceReport.Entry(
                activityID: UUID(), enforcementKind: .coercion, unitID: Self.brigade, officerIDs: [F.zhang.id, F.li.id],
                findings: [finding(.mandatoryVideoMissing), finding(.mandatoryVideoMissing),
                           finding(.certificatesNotShown, officer: F.li.id)]),
            // Brigade, 张三 + 李四: clean.
            ComplianceReport.Entry(
                activityID: UUID(), enforcementKind: .inspection, unitID: Self.brigade, officerIDs: [F.zhang.id, F.li.id],
                findings: []),
            // Supervision, 李四 + 王五: one unexplained gap.
            ComplianceReport.Entry(
                activityID: UUID(), enforcementKind: .inspection, unitID: Self.supervision, officerIDs: [F.li.id, F.wangExpired.id],
                findings: [finding(.unexplainedGap)]),
        ]
    }

    @Test("SPEC R14: findings are counted by kind over all activities")
    func byKind() {
        let report = ComplianceReport(entries: entries())

        #expect(report.byKind == [.mandatoryVideoMissing: 2, .certificatesNotShown: 1, .unexplainedGap: 1])
        #expect(report.overall.activities == 3)
        #expect(report.overall.activitiesWithFindings == 2)
        #expect(report.overall.findings == 4)
    }

    @Test("SPEC R14: findings are counted by responsible unit")
    func byUnit() throws {
        let report = ComplianceReport(entries: entries())

        let brigade = try #require(report.byUnit[Self.brigade])
        let supervision = try #require(report.byUnit[Self.supervision])
        #expect(brigade.activities == 2)
        #expect(brigade.activitiesWithFindings == 1)
        #expect(brigade.findings == 3)
        #expect(brigade.count(.mandatoryVideoMissing) == 2)
        #expect(supervision.findings == 1)
        #expect(supervision.count(.unexplainedGap) == 1)
        #expect(report.rankedUnits.map(\.id) == [Self.brigade, Self.supervision])
    }

    @Test("SPEC R14: an officer's own finding counts only for them; shared findings for everyone present")
    func byOfficer() throws {
        let report = ComplianceReport(entries: entries())

        let zhang = try #require(report.byOfficer[F.zhang.id])
        let li = try #require(report.byOfficer[F.li.id])
        let wang = try #require(report.byOfficer[F.wangExpired.id])
        #expect(zhang.activities == 2)
        #expect(zhang.findings == 2)
        #expect(zhang.count(.certificatesNotShown) == 0)
        #expect(li.activities == 3)
        #expect(li.activitiesWithFindings == 2)
        #expect(li.findings == 4)
        #expect(li.count(.certificatesNotShown) == 1)
        #expect(wang.findings == 1)
        #expect(report.rankedOfficers.map(\.id) == [F.li.id, F.zhang.id, F.wangExpired.id])
    }

    @Test("SPEC R14: findings are counted by enforcement kind (which coercive measures fell short)")
    func byEnforcementKind() {
        let report = ComplianceReport(entries: entries())

        #expect(report.byEnforcementKind[.coercion]?.count(.mandatoryVideoMissing) == 2)
        #expect(report.byEnforcementKind[.inspection]?.activities == 2)
        #expect(report.byEnforcementKind[.penalty] == nil)
    }

    @Test("SPEC R14: an entry built from an activity takes its kind and officers; report round-trips JSON")
    func entryFromActivityAndCodable() throws {
        let activity = F.activity(situations: [.inquiryAfterFiling])
        let findings = ComplianceCheck.findings(activity: activity, officers: F.officers, evidence: F.textOnlyEvidence())

        let report = ComplianceReport(entries: [ComplianceReport.Entry(activity: activity, unitID: Self.brigade, findings: findings)])

        #expect(report.byOfficer.keys.sorted { $0.uuidString < $1.uuidString } == [F.zhang.id, F.li.id])
        #expect(report.byEnforcementKind[.coercion]?.count(.mandatoryVideoMissing) == 1)
        #expect(try JSONDecoder().decode(ComplianceReport.self, from: JSONEncoder().encode(report)) == report)
    }

    @Test("SPEC R14: an empty period gives an empty report")
    func empty() {
        let report = ComplianceReport(entries: [])

        #expect(report.overall == ComplianceReport.Tally())
        #expect(report.byUnit.isEmpty && report.byOfficer.isEmpty && report.byKind.isEmpty)
    }
}
