import Domain
import Vapor

/// What the portal's home page shows (STYLE "Page = query → model → view").
struct HomePage: Content {
    struct Section: Content {
        let title: String
        let summary: String
        let items: [String]
    }

    let bureauName: String
    let todayChinese: String
    let officerCount: Int
    let sections: [Section]
    let ledgerSize: Int
    /// The newest listed publications (issue 5 item 6: "home with the latest publications").
    let latest: [PublicationListPage.Row]
    let kindLinks: [KindLink]

    struct KindLink: Content {
        let name: String
        let url: String
    }

    static func kindLinks() -> [KindLink] {
        PublicationKind.allCases.map { KindLink(name: $0.chineseName, url: SiteURL.publications.path + "?kind=" + $0.rawValue) }
    }

    /// The sections of SPEC P5 and P7, in the order the bureau's rule lists them.
    static func sections() -> [Section] {
        [
            Section(
                title: "事前公示",
                summary: "执法主体、权力事项与执法人员信息，执法之前向社会公开。",
                items: ["权力事项", "办事指南", "权责清单", "随机抽查事项清单", "执法人员及执法证件"]),
            Section(
                title: "事中公示",
                summary: "执法人员现场出示执法证件，告知执法事由、依据与权利义务。",
                items: ["出示执法证件", "出具执法文书", "告知陈述、申辩、听证、回避权利"]),
            Section(
                title: "事后公示",
                summary: "执法决定自作出之日起在规定工作日内公开，更正、撤回均留痕可查。",
                items: ["行政处罚决定（7个工作日内）", "行政强制、行政许可决定（20个工作日内）", "“双随机、一公开”抽查结果", "年度执法数据（每年1月31日前）"]),
            Section(
                title: "监督与核验",
                summary: "公示内容有误可申请更正；每一条公示均记入防篡改账本，任何人可自行核验。",
                items: ["申请更正公示信息", "公示核验（账本检查点与证明）"]),
        ]
    }
}
