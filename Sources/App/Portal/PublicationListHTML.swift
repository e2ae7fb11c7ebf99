import Foundation

/// The publication list page (`/publications`, every kind and search) written without Leaf
/// (issue 16 item 1): the markup of `publications.leaf`, whose output `PortalHTMLTests` compares
/// with this one's. Every value is escaped by `HTML`.
extension PublicationListPage {
    var html: HTML {
        var body = HTMLWriter()
        body.add("""
            <h1>\(heading)</h1>
            <form class="search" method="get" action="\(URLs.publications)" role="search" aria-label="检索公示信息">
              <div class="row">
                <label for="kind">类别</label>
                <select id="kind" name="kind">
                  <option value="">全部类别</option>
                  
            """)
        body.add(each: kinds) { option in
            "<option value=\"\(option.slug)\"\(if: option.selected, " selected")>\(option.name)</option>"
        }
        body.add("""

                </select>
              </div>
              <div class="row">
                <label for="q">关键词</label>
                <input id="q" name="q" type="search" value="\(q)" maxlength="100" placeholder="如：安全生产、决定书文号">
              </div>
              <div class="row">
                <label for="party">当事人名称或统一社会信用代码</label>
                <input id="party" name="party" type="text" value="\(party)" maxlength="100">
              </div>
              <div class="row dates">
                <label for="from">决定日期自</label>
                <input id="from" name="from" type="date" value="\(from)">
                <label for="to">至</label>
                <input id="to" name="to" type="date" value="\(to)">
              </div>
              <button type="submit">检索</button>
              \(if: isSearch, "<a class=\"reset\" href=\"\(resetURL)\">清除条件</a>")
            </form>

            """)
        body.add(each: notes) { note in "<p class=\"note\" role=\"status\">\(note)</p>" }
        if isEmpty {
            body.add("\n<p class=\"empty\">没有符合条件的公示信息。</p>\n")
        } else {
            body.add("\n<ol class=\"results\" start=\"\(firstNumber)\">\n")
            body.add(each: items) { item in
                """

                  <li>
                    <a href="\(item.url)">\(item.title)</a>\(if: item.corrected, " <span class=\"tag\">已更正</span>")
                    <p class="meta">\(item.kindName)\(item.party.map { " · \($0)" as HTML } ?? .empty)\(item.partyCode.map { " · \($0)" as HTML } ?? .empty) · \(item.date)</p>
                  </li>

                """
            }
            body.add("</ol>\n")
        }
        body.add("""
            <nav class="pager" aria-label="分页">
              \(previousURL.map { "<a href=\"\($0)\" rel=\"prev\">上一页</a>" as HTML } ?? .empty)
              <span>第 \(page) 页</span>
              \(nextURL.map { "<a href=\"\($0)\" rel=\"next\">下一页</a>" as HTML } ?? .empty)
            </nav>

            """)
        return .portalPage(title: heading, bureauName: bureauName, todayChinese: todayChinese, body: body.html)
    }
}
