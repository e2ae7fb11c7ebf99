import Foundation

/// A grouped bar chart drawn as SVG on the server (issue 6 item 7): no chart library, nothing to
/// download, readable without JavaScript; the page shows the same numbers as a table beside it.
struct SVGBarChart {
    struct Series {
        let name: String
        let colour: String
        let values: [Int]
    }

    let title: String
    let labels: [String]
    let series: [Series]

    /// The SVG text; every label is XML-escaped.
    func render(width: Int = 640, height: Int = 240) -> String {
        let bottom = 36, left = 40, right = 12
        // The legend wraps onto as many lines as it needs (150 units an entry), the plot below it.
        let perLine = max(1, (width - left - right) / 150)
        let legendLines = max(1, (series.count + perLine - 1) / perLine)
        let top = 28 + 18 * (legendLines - 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        let groupWidth = Double(plotWidth) / Double(max(1, labels.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(XMLText.escape(title))\">"
        svg += "<title>\(XMLText.escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - right)\" y2=\"\(top + plotHeight)\" stroke=\"#52606d\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" font-size=\"11\" text-anchor=\"end\">\(maximum)</text>"
        for (index, label) in labels.enumerated() {
            let groupX = Double(left) + groupWidth * Double(index) + groupWidth * 0.1
            for (seriesIndex, entry) in series.enumerated() {
                let value = index < entry.values.count ? entry.values[index] : 0
                let barHeight = Double(plotHeight) * Double(value) / Double(maximum)
                let x = groupX + barWidth * Double(seriesIndex)
                let y = Double(top + plotHeight) - barHeight
                svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@ %@：%d</title></rect>",
                              x, y, max(1, barWidth - 2), barHeight, entry.colour, XMLText.escape(label), XMLText.escape(entry.name), value)
            }
            svg += String(format: "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%@</text>",
                          groupX + groupWidth * 0.4, top + plotHeight + 16, XMLText.escape(label))
        }
        for (index, entry) in series.enumerated() {
            let x = left + index % perLine * 150, y = 6 + index / perLine * 18
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(entry.colour)\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"\(y + 10)\" font-size=\"12\">\(XMLText.escape(entry.name))</text>"
        }
        return svg + "</svg>"
    }
}
