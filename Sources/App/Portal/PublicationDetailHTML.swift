import Foundation

/// The publication detail page (`/publications/{id}`) written without Leaf (issue 16 item 1): the
/// markup of `publication.leaf`, whose output `PortalHTMLTests` compares with this one's. The
/// `data-*` attributes are what `Public/verify.js` reads for the online check; every value is
/// escaped by `HTML`.
extension PublicationDetailPage {
    var html: HTML {
        var body = HTMLWriter()
        body.add("""
            <p class="crumbs"><a href="\(URLs.home)">首页</a> › <a href="\(kindURL)">\(kindName)</a></p>
            <article class="publication">
              <p class="print-only">\(bureauName) · 行政执法公示信息</p>
              <h1 id="publication-title"\(if: hasContent, " data-content-key=\"title\"")>\(title)</h1>
              <p class="status">状态：<strong>\(statusName)</strong>\(publishedOn.map { " · 发布于\($0)" as HTML } ?? .empty)</p>
              <p class="page-actions"><button type="button" class="secondary" id="print-button" data-print hidden>打印</button></p>
              \(statusNote.map { "<p class=\"note\" role=\"status\">\($0)</p>" as HTML } ?? .empty)

            """)
        if hasContent { body.add(content) }
        body.add(verification)
        body.add("""
              <p class="page-actions"><a class="button" href="\(correctionURL)">认为内容有误？申请更正</a></p>
            </article>
            <script src="\(URLs.printScript)" defer></script>
            \(if: hasLedger, "<script src=\"\(URLs.verifyScript)\" defer></script>")

            """)
        return .portalPage(title: title, bureauName: bureauName, todayChinese: todayChinese, body: body.html)
    }

    /// The fields, the responsible unit and person, and the version history (shown while public).
    private var content: HTML {
        var part = HTMLWriter()
        part.add("  <table class=\"fields\">\n    <tbody>\n    ")
        part.add(each: fields) { field in
            """
            <tr><th scope="row">\(field.label)</th><td data-content-key="fields.\(field.key)"\(if: field.isDate, " data-date")>\(field.value)</td></tr>
            """
        }
        part.add("""

                </tbody>
              </table>
              <dl class="facts-list">
                \(responsibleUnit.map { "<div><dt>责任单位</dt><dd data-content-key=\"responsibleUnit\">\($0)</dd></div>" as HTML } ?? .empty)
                \(responsiblePerson.map { "<div><dt>责任人</dt><dd data-content-key=\"responsiblePerson\">\($0)</dd></div>" as HTML } ?? .empty)
                \(legalBasis.map { "<div><dt>公开依据</dt><dd data-content-key=\"disclosure.legalBasis\">\($0)</dd></div>" as HTML } ?? .empty)
                \(periodText.map { "<div><dt>公示期限</dt><dd>\($0)</dd></div>" as HTML } ?? .empty)
              </dl>
              <section aria-labelledby="history-title">
                <h2 id="history-title">版本记录</h2>
                <ul class="history">
                
            """)
        part.add(each: history) { line in
            "<li>\(line.text) · <a href=\"\(line.contentURL ?? "")\">该版原始数据</a></li>"
        }
        part.add("\n    </ul>\n  </section>\n")
        return part.html
    }

    /// Where the page's content is registered in the ledger, and how to check it.
    private var verification: HTML {
        guard hasLedger, let ledgerIndex else {
            return """
                  <section class="verify" id="verify" aria-labelledby="verify-title">
                    <h2 id="verify-title">核验本页内容</h2>
                    <p>本信息尚无账本记录。</p>
                  </section>

                """
        }
        let entryURL = ledgerEntryURL ?? ""
        let dataContent: HTML = contentURL.map { " data-content=\"\($0)\"" } ?? .empty
        let explanation: HTML = isRemovalLeaf
            ? "<p>本信息最后一次变动（撤下或公示期满）已登记在本局防篡改账本的第 <strong>\(ledgerIndex)</strong> 条记录中（账本现有 \(treeSize) 条）。内容不再公开，但这条记录永久保留。</p>"
            : "<p>本页内容发布时，其“数字指纹”（SHA-256 摘要）已登记在本局防篡改账本的第 <strong>\(ledgerIndex)</strong> 条记录中（账本现有 \(treeSize) 条）。账本只能追加、不能修改，每次登记后本局都对整个账本签名封存；内容哪怕改动一个字，指纹就对不上。</p>"
        let hasContentURL = contentURL != nil
        return """
              <section class="verify" id="verify" aria-labelledby="verify-title" data-publication="\(publicationID)" data-index="\(ledgerIndex)" data-entry="\(entryURL)" data-proof="\(URLs.ledgerInclusionProof)" data-checkpoint="\(URLs.ledgerCheckpoint)" data-key="\(URLs.ledgerKey)"\(dataContent)>
                <h2 id="verify-title">核验本页内容</h2>
                \(explanation)
                <div class="verify-online" id="verify-online" hidden>
                  <p><button type="button" id="verify-button">在线核验</button></p>
                  <p class="muted">点击后，您的浏览器会下载\(if: hasContentURL, "本页的原始数据和")账本数据，自己计算并核对：\(if: hasContentURL, "本页显示的内容与原始数据是否一致，原始数据的指纹与账本记录是否一致，")该记录是否确实收录在账本中，账本是否由本局公布的公钥签名。</p>
                  <div id="verify-result" aria-live="polite"></div>
                </div>
                <noscript><p class="muted">在线核验需要启用 JavaScript。您也可以下载下面的证明包离线核验。</p></noscript>
                \(proofBundleURL.map { "<p class=\"verify-bundle\"><a href=\"\($0)\" download>下载证明包</a>（一个文件，含本页原始数据、账本记录、收录证明和签名，不联网也能核对，可交律师或技术人员用通用的 SHA-256 和 Ed25519 工具核验）</p>" as HTML } ?? .empty)
                <details class="verify-data">
                  <summary>核验所用的数据</summary>
                  <ul>
                    \(contentURL.map { "<li><a href=\"\($0)\">本页原始数据</a>：本页内容的机器可读版本，账本登记的是它的数字指纹</li>" as HTML } ?? .empty)
                    <li><a href="\(entryURL)">账本第 \(ledgerIndex) 条记录</a></li>
                    <li><a href="\(inclusionProofURL ?? "")">收录证明</a>：证明该记录在账本中</li>
                    <li><a href="\(URLs.ledgerCheckpoint)">账本签名</a>：本局对账本整体的签名</li>
                    <li><a href="\(URLs.ledgerKey)">本局公钥</a>：用于核对签名</li>
                  </ul>
                </details>
              </section>

            """
    }
}
