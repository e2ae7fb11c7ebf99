import Domain
import Foundation
import Testing

// SPEC R12 (weak spots), R5–R7, R13, P7–P9: the facts of a period counted by unit, officer, kind and month.
@Suite struct WeakSpotTableTests {
    static let brigade = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    static let squad = UUID(uuidString: "00000000-0000-0000-0000-0000000000a2")!
    static let zhang = UUID(uuidString: "00000000-0000-0000-0000-0000000000b1")!
    static let li = UUID(uuidString: "00000000-0000-0000-0000-0000000000b2")!
    static let names = [brigade: "执法大队", squad: "监察中队", zhang: "张三", li: "李四"]

    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// Non-empty rows of every kind of fact.
    static let facts = WeakSpotFacts(
        findings: [
            .init(on: day("2026-10-08"), unitID: brigade, officerIDs: [zhang, li], kind: .inspection, findingKind: .mandatoryVideoMissing),
            .init(on: day("2026-10-08"), unitID: brigade, officerIDs: [li], kind: .inspection, findingKind: .certificatesNotShown),
            .init(on: day("2026-11-03"), unitID: squad, officerIDs: [li], kind: .penalty, findingKind: .unexplainedGap),
        ],
        gaps: [
            .init(on: day("2026-11-03"), unitID: squad, officerIDs: [li], kind: .penalty, explained: false),
            .init(on: day("2026-11-03"), unitID: squad, officerIDs: [li], kind: .penalty, explained: true),
            .init(on: day("2026-10-09"), unitID: brigade, officerIDs: [zhang], kind: .inspection, explained: true),
        ],
        latePublications: [
            .init(on: day("2026-10-20"), unitID: brigade, personID: zhang, kind: .penalty, status: .metLate),
            .init(on: day("2026-12-01"), unitID: brigade, personID: zhang, kind: .penalty, status: .overdue),
        ],
        publicationChanges: [
            .init(on: day("2026-11-10"), unitID: brigade, personID: zhang, kind: .penalty, change: .correctionRequest),
            .init(on: day("2026-11-12"), unitID: brigade, personID: zhang, kind: .penalty, change: .correction),
            .init(on: day("2026-12-02"), unitID: squad, personID: nil, kind: nil, change: .withdrawal),
        ],
        optionalSituations: [
            .init(on: day("2026-10-08"), unitID: brigade, officerIDs: [zhang, li], kind: .inspection, situation: .onSiteInspection, recorded: true),
            .init(on: day("2026-10-15"), unitID: brigade, officerIDs: [zhang, li], kind: .inspection, situation: .onSiteInspection, recorded: false),
            .init(on: day("2026-11-03"), unitID: squad, officerIDs: [li], kind: .penalty, situation: .simpleProcedurePenalty, recorded: false),
        ],
        reviewScores: [
            ReviewScoreFact(reviewedOn: day("2026-12-10"), unitID: brigade, officerIDs: [zhang], kind: .penalty, score: 90, findings: 1),
            ReviewScoreFact(reviewedOn: day("2026-12-11"), unitID: brigade, officerIDs: [zhang, li], kind: .inspection, score: 75, findings: 3),
        ],
        complaints: [
            ComplaintOutcomeFact(receivedOn: day("2026-11-20"), unitID: brigade, officerID: li, kind: .inspection, outcome: "属实", answeredLate: true),
            ComplaintOutcomeFact(receivedOn: day("2026-11-21"), unitID: squad, officerID: nil, kind: nil, outcome: nil, answeredLate: false),
        ])

    @Test("SPEC R12: by unit, every kind of fact lands on its unit's row and in the total")
    func byUnit() {
        let table = WeakSpotTable(facts: Self.facts, dimension: .unit, names: Self.names)
        #expect(table.rows.map(\.label) == ["执法大队", "监察中队"])
        let brigade = table.rows[0].counts, squad = table.rows[1].counts
        #expect(brigade.findingsByKind == [.mandatoryVideoMissing: 1, .certificatesNotShown: 1])
        #expect(squad.count(.unexplainedGap) == 1)
        #expect((brigade.gapsExplained, brigade.gapsUnexplained) == (1, 0))
        #expect((squad.gapsExplained, squad.gapsUnexplained) == (1, 1))
        #expect((brigade.publicationsMetLate, brigade.publicationsOverdue) == (1, 1))
        #expect(brigade.count(.correctionRequest) == 1 && brigade.count(.correction) == 1 && brigade.count(.withdrawal) == 0)
        #expect(squad.count(.withdrawal) == 1)
        #expect(brigade.reviews == 2 && brigade.reviewAverage == 82.5 && brigade.reviewFindings == 4)
        #expect(squad.reviewAverage == nil)
        #expect(brigade.complaintsByOutcome == ["属实": 1] && brigade.complaintsAnsweredLate == 1)
        #expect(squad.complaintsByOutcome == [WeakSpotTable.pendingOutcome: 1])
        #expect(brigade.optionalRate(.onSiteInspection) == 0.5)
        #expect(squad.optionalRate(.simpleProcedurePenalty) == 0)
        #expect(squad.optionalRate(.onSiteInspection) == nil)
        #expect(table.total.findings == 3 && table.total.latePublications == 2 && table.total.complaints == 2)
        #expect(table.total.optionalRate() == 1.0 / 3.0)
        #expect(table.complaintOutcomes == ["属实", WeakSpotTable.pendingOutcome])
    }

    @Test("SPEC R12: by officer, a fact of two officers counts for each; a fact naming nobody goes to the unattributed row last")
    func byOfficer() {
        let table = WeakSpotTable(facts: Self.facts, dimension: .officer, names: Self.names)
        #expect(table.rows.map(\.label) == ["张三", "李四", "（未确定人员）"])
        let zhang = table.rows[0].counts, li = table.rows[1].counts, nobody = table.rows[2].counts
        #expect(zhang.findingsByKind == [.mandatoryVideoMissing: 1])
        #expect(li.findingsByKind == [.mandatoryVideoMissing: 1, .certificatesNotShown: 1, .unexplainedGap: 1])
        #expect(zhang.latePublications == 2 && li.latePublications == 0)
        #expect(zhang.reviews == 2 && li.reviews == 1 && li.reviewAverage == 75)
        #expect(li.complaintsByOutcome == ["属实": 1])
        #expect(nobody.count(.withdrawal) == 1 && nobody.complaints == 1)
        // The total counts each fact once, not once per officer.
        #expect(table.total.count(.mandatoryVideoMissing) == 1)
    }

    @Test("SPEC R12: by enforcement kind in the kinds' order; by month over the whole period, empty months too")
    func byKindAndMonth() {
        let kinds = WeakSpotTable(facts: Self.facts, dimension: .kind)
        #expect(kinds.rows.map(\.label) == ["行政处罚", "行政检查", "（未确定类别）"])
        #expect(kinds.rows[1].counts.count(.mandatoryVideoMissing) == 1)
        #expect(kinds.rows[0].counts.gapsUnexplained == 1)

        let months = WeakSpotTable(facts: Self.facts, dimension: .month, from: Self.day("2026-09-01"), to: Self.day("2027-01-31"))
        #expect(months.rows.map(\.key) == ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"])
        #expect(months.rows.map(\.label).first == "2026年9月")
        #expect(months.rows[0].counts.isEmpty && months.rows[4].counts.isEmpty)
        #expect(months.rows[1].counts.findings == 2 && months.rows[2].counts.findings == 1)
        #expect(months.rows[3].counts.publicationsOverdue == 1 && months.rows[3].counts.reviews == 2)
        #expect(months.rows[2].counts.complaints == 2)
    }

    @Test("SPEC R12: the CSV has a column per finding type and outcome, one line per row and the total, formula-safe")
    func csv() throws {
        var facts = Self.facts
        // A unit whose name a spreadsheet would run as a formula.
        let rogue = UUID(uuidString: "00000000-0000-0000-0000-0000000000a3")!
        facts.complaints.append(ComplaintOutcomeFact(
            receivedOn: Self.day("2026-11-22"), unitID: rogue, officerID: nil, kind: nil, outcome: "属实", answeredLate: false))
        var names = Self.names
        names[rogue] = "=HYPERLINK(\"x\")"
        let table = WeakSpotTable(facts: facts, dimension: .unit, names: names)
        let data = table.csv()
        #expect(Array(data.prefix(3)) == CSVDocument.byteOrderMark)
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 1 + 3 + 1)
        #expect(lines[0].hasPrefix("单位,键,记录问题：应全程音视频记录而未录像（R5）"))
        #expect(lines[1].hasPrefix("\"'=HYPERLINK(\"\"x\"\")\",00000000-0000-0000-0000-0000000000a3,0,"))
        #expect(lines[2].hasPrefix("执法大队,00000000-0000-0000-0000-0000000000a1,1,"))
        #expect(lines[2].contains(",82.5,4,"))
        #expect(lines[2].hasSuffix(",50.0%"))
        #expect(lines[4].hasPrefix("合计,,1,"))
        #expect(lines.dropFirst(2).allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == table.csvHeader.count })
    }
}
