@testable import App
import Domain
import Foundation
import Testing

/// Issue 15 item 4 (SPEC R12): the weak-spot charts are readable on a 390 px phone — drawn 360 units
/// wide when the rows fit, the legend wrapping instead of running off the picture — and each chart's
/// table has every row of the statistics, even when the chart shows only the first ones.
@Suite struct WeakSpotChartTests {
    static func facts(units: Int) -> (WeakSpotFacts, [UUID: String]) {
        var facts = WeakSpotFacts()
        var names: [UUID: String] = [:]
        for index in 0..<units {
            let unit = UUID()
            names[unit] = "第\(index + 1)中队<&>"
            facts.publicationChanges.append(.init(
                on: CivilDate(iso: "2026-11-02")!, unitID: unit, personID: nil, kind: .penalty, change: .withdrawal))
        }
        return (facts, names)
    }

    @Test("SPEC R12: two units fit a phone: 360 units wide, five legend entries on three lines, labels escaped")
    func phoneWidth() throws {
        let (facts, names) = Self.facts(units: 2)
        let charts = WeakSpotsController.charts(WeakSpotTable(facts: facts, dimension: .unit, names: names), period: "2026年第四季度")
        #expect(charts.map(\.id) == ["recording", "publicity", "review", "complaints", "optional"])
        let publicity = try #require(charts.first { $0.id == "publicity" })
        #expect(publicity.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 260\" role=\"img\""))
        #expect(publicity.svg.contains("<title>2026年第四季度公示逾期、更正与撤下（按单位）</title>"))
        // 150 units a legend entry: two a line at 360, so the fifth (公示撤下) starts the third line.
        #expect(publicity.svg.contains("<rect x=\"40\" y=\"42\" width=\"12\" height=\"12\" fill=\"#37474f\"/>"))
        #expect(publicity.svg.contains("第1中队&lt;&amp;&gt;") && !publicity.svg.contains("第1中队<&>"))
        #expect(publicity.headers == ["单位", "逾期完成", "逾期未完成", "更正申请", "公示更正", "公示撤下"])
        #expect(publicity.rows.map(\.cells) == [["0", "0", "0", "0", "1"], ["0", "0", "0", "0", "1"]])
        #expect(publicity.total.cells == ["0", "0", "0", "0", "2"] && publicity.note == nil)
    }

    @Test("SPEC R12: with more rows than the chart draws, the table still has them all and says so")
    func manyRows() throws {
        let (facts, names) = Self.facts(units: WeakSpotsController.chartRows + 5)
        let charts = WeakSpotsController.charts(WeakSpotTable(facts: facts, dimension: .unit, names: names), period: "2026年第四季度")
        let publicity = try #require(charts.first { $0.id == "publicity" })
        #expect(publicity.rows.count == WeakSpotsController.chartRows + 5)
        #expect(publicity.svg.components(separatedBy: "text-anchor=\"middle\"").count - 1 == WeakSpotsController.chartRows)
        #expect(publicity.note?.contains("全部\(WeakSpotsController.chartRows + 5)行") == true)
    }
}
