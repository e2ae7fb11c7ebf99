import Foundation

/// A piece of HTML that is safe to send: its literal parts are markup written in this source, and
/// every interpolated `String` is escaped as LeafKit's `#(…)` escapes it (`& " ' < >`), so a value
/// can never add a tag or leave an attribute (SPEC X4; issue 16 item 1). The portal's hottest pages
/// (the publication list and detail) are written with it instead of Leaf: Leaf's serializer was 43 %
/// of the server's CPU on a list page (docs/benchmarks.md, "Portal (issue 5)").
///
/// There is no way to interpolate unescaped text except another `HTML` value, which is itself
/// made of literals and escaped values.
struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    fileprivate(set) var text: String

    init(stringLiteral value: String) {
        text = value
    }

    init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
    }

    static let empty: HTML = ""

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var text: String

        init(literalCapacity: Int, interpolationCount: Int) {
            text = ""
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Text or an attribute value: escaped.
        mutating func appendInterpolation(_ value: String) {
            HTML.appendEscaped(value, to: &text)
        }

        mutating func appendInterpolation<Number: BinaryInteger>(_ value: Number) {
            text += String(value)
        }

        /// A path of the site (`#url(...)` in the Leaf views), escaped like any value.
        mutating func appendInterpolation(_ path: SitePath) {
            HTML.appendEscaped(path.url, to: &text)
        }

        /// Markup made by this type: already safe.
        mutating func appendInterpolation(_ html: HTML) {
            text += html.text
        }

        /// `fragment` when `condition` holds (`#if(x): …#endif`).
        mutating func appendInterpolation(if condition: Bool, _ fragment: @autoclosure () -> HTML) {
            if condition { text += fragment().text }
        }
    }

    /// `value` with `& " ' < >` replaced by their entities, the escaping of LeafKit's `htmlEscaped()`.
    static func escape(_ value: String) -> String {
        var text = ""
        appendEscaped(value, to: &text)
        return text
    }

    static func appendEscaped(_ value: String, to text: inout String) {
        // Most values (Chinese text, dates, ids) have nothing to escape: append them whole.
        let utf8 = value.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
            || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
            text += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": text += "&amp;"
            case "\"": text += "&quot;"
            case "'": text += "&#39;"
            case "<": text += "&lt;"
            case ">": text += "&gt;"
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
}

/// Builds a page from `HTML` fragments in order.
struct HTMLWriter {
    private(set) var html = HTML.empty

    init(capacity: Int = 8_192) {
        html.text.reserveCapacity(capacity)
    }

    mutating func add(_ fragment: HTML) {
        html.text += fragment.text
    }

    /// Each element's fragment, in order (`#for(…)`).
    mutating func add<Items: Sequence>(each items: Items, _ fragment: (Items.Element) -> HTML) {
        for item in items { add(fragment(item)) }
    }
}

extension HTML {
    /// The portal's layout (`base.leaf`): head, header with the main navigation, `body` in `<main>`,
    /// footer with today's date.
    static func portalPage(title: String, bureauName: String, todayChinese: String, body: HTML) -> HTML {
        let publications = URLs.publications
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) — \(bureauName)</title>
            <link rel="stylesheet" href="\(URLs.stylesheet)"><link rel="icon" type="image/svg+xml" href="\(URLs.favicon)">
            <link rel="alternate" type="application/atom+xml" title="公示信息订阅" href="\(URLs.feed)">
            </head>
            <body>
            <a class="skip" href="#main">跳到正文</a>
            <header class="site-header">
              <div class="wrap">
                <p class="bureau">\(bureauName)</p>
                <p class="system">行政执法公示与全过程记录</p>
                <nav aria-label="主导航">
                  <ul>
                    <li><a href="\(URLs.home)">首页</a></li>
                    <li><a href="\(publications)">公示信息</a></li>
                    <li><a href="\(publications)?kind=penalty-decision">行政处罚</a></li>
                    <li><a href="\(publications)?kind=officer-certificate">执法人员</a></li>
                    <li><a href="\(URLs.correctionForm)">申请更正</a></li>
                    <li><a href="\(URLs.complaintForm)">投诉举报</a></li>
                    <li><a href="\(URLs.openData)">开放数据</a></li>
                  </ul>
                </nav>
              </div>
            </header>
            <main id="main" class="wrap">
            \(body)
            </main>
            <footer class="site-footer">
              <div class="wrap">
                <p>\(bureauName) · 依据《上海市普陀区应急管理行政执法公示办法》《行政执法全过程记录办法》公开</p>
                <p>今天是\(todayChinese)</p>
              </div>
            </footer>
            </body>
            </html>

            """
    }
}
