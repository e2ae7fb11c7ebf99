import Domain
import Vapor

/// What every staff page shows around its content: who is signed in, the navigation their role
/// can use, and the session's CSRF token for the forms (issue 6 items 1, 8).
struct StaffContext: Content {
    struct NavLink: Content {
        let title: String
        let url: String
        let current: Bool
    }

    let bureauName: String
    let todayChinese: String
    let userName: String
    let roleName: String
    let csrf: String
    let nav: [NavLink]

    init(_ req: Request) throws {
        let user = try req.user
        let services = req.application.lawTrail
        bureauName = services.config.bureauName
        todayChinese = services.today.chinese
        userName = user.displayName
        roleName = user.role.chineseName
        csrf = req.storage[WebSession.TokenKey.self].map(WebSession.csrfToken(forSession:)) ?? ""
        let path = req.url.path
        let links: [(String, String, Action?)] = [
            ("我的工作", URLs.staffHome.url, nil),
            ("执法活动", URLs.staffActivities.url, .viewActivity),
            ("行政相对人", URLs.staffCounterparties.url, .viewActivity),
            ("公示", URLs.staffPublications.url, .draftPublication),
            ("期限与问责", URLs.staffObligations.url, .viewAccountability),
            ("年度数据", URLs.staffYearlyFigures.url, .viewYearlyFigures),
            ("薄弱环节统计", URLs.staffWeakSpots.url, .viewWeakSpots),
            ("更正申请", URLs.staffCorrections.url, .answerCorrectionRequest),
            ("投诉举报", URLs.staffComplaints.url, .handleComplaints),
            ("公示期限", URLs.staffPublicityPolicy.url, .managePublicityPolicy),
            ("我的调阅申请", URLs.staffMyRetrievalRequests.url, .requestSensitiveRetrieval),
            ("调阅审批", URLs.staffRetrievalRequests.url, .approveSensitiveRetrieval),
            ("调阅日志", URLs.staffRetrievals.url, .searchRetrievalLog),
            ("涉密标记审核", URLs.staffSensitivityReviews.url, .reviewSensitivity),
            ("保管期限", URLs.staffRetention.url, .viewRetention),
            ("到期鉴定与销毁", URLs.staffDisposal.url, .viewRetention),
            ("法律保留", URLs.staffLegalHolds.url, .viewRetention),
            ("档案", URLs.staffArchive.url, .viewArchives),
            ("双随机抽查", URLs.staffDraws.url, .viewActivity),
            ("案卷评查", URLs.staffCaseReviews.url, .viewCaseReviews),
            ("评查整改", URLs.staffReviewFindings.url, .answerReviewFindings),
            ("用户管理", URLs.staffUsers.url, .manageUsers),
            ("节假日安排", URLs.staffCalendar.url, .importCalendar),
            ("存储完整性检查", URLs.staffFixity.url, .viewFixityAudits),
        ]
        nav = links.filter { $0.2.map { Permissions.allows(user.role, $0) } ?? true }.map { title, url, _ in
            NavLink(title: title, url: url, current: url == URLs.staffHome.url ? path == url : path.hasPrefix(url))
        }
    }
}

enum StaffPages {
    /// The largest staff form body accepted (issue 10 item 1). A full 行政处罚决定书 is several KB
    /// of Chinese, and URL-encoding costs 9 bytes a character: 256 KB holds about 28,000
    /// characters. Media never come through forms (they use the resumable upload API).
    static let maxFormBytes = 256 * 1024

    struct MessagePage: Content {
        let bureauName: String
        let todayChinese: String
        let title: String
        let text: String
        let signInURL: String
        let backURL: String?
    }

    struct SignedInMessagePage: Content {
        let ctx: StaffContext
        let title: String
        let text: String
        let backURL: String?
    }

    /// A short page saying why a request was refused: with the staff navigation when someone is
    /// signed in, so they can go on from where they are (issue 10 item 9).
    static func message(_ req: Request, status: HTTPResponseStatus, title: String, text: String) async throws -> Response {
        let back = ErrorPages.sameSiteReferer(req)
        if req.auth.get(AuthenticatedUser.self) != nil, req.storage[WebSession.TokenKey.self] != nil {
            return try await req.view.render("staff/message-signed-in", SignedInMessagePage(
                ctx: try StaffContext(req), title: title, text: text, backURL: back)).encodeResponse(status: status, for: req)
        }
        let services = req.application.lawTrail
        let page = MessagePage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, title: title, text: text,
            signInURL: URLs.staffSignIn.url, backURL: back)
        return try await req.view.render("staff/message", page).encodeResponse(status: status, for: req)
    }
}
