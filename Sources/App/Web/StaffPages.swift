import Domain
import Vapor

/// Paths of the staff web pages (issue 6), in one place.
enum StaffURL {
    static let root = "/staff"
    static let signIn = "/staff/sign-in"
    static let signOut = "/staff/sign-out"
    static let password = "/staff/password"
    static let activities = "/staff/activities"
    static let newActivity = "/staff/activities/new"
    static func activity(_ id: UUID) -> String { "/staff/activities/\(id.uuidString.lowercased())" }
    static let publications = "/staff/publications"
    static func publication(_ id: UUID) -> String { "/staff/publications/\(id.uuidString.lowercased())" }
    static let obligations = "/staff/obligations"
    static let corrections = "/staff/corrections"
    static let users = "/staff/users"
}

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
            ("我的工作", StaffURL.root, nil),
            ("执法活动", StaffURL.activities, .viewActivity),
            ("行政相对人", "/staff/counterparties", .viewActivity),
            ("公示", StaffURL.publications, .draftPublication),
            ("期限与问责", StaffURL.obligations, .viewAccountability),
            ("更正申请", StaffURL.corrections, .answerCorrectionRequest),
            ("调阅审批", "/staff/retrieval-requests", .approveSensitiveRetrieval),
            ("调阅日志", "/staff/retrievals", .searchRetrievalLog),
            ("用户管理", StaffURL.users, .manageUsers),
        ]
        nav = links.filter { $0.2.map { Permissions.allows(user.role, $0) } ?? true }.map { title, url, _ in
            NavLink(title: title, url: url, current: url == StaffURL.root ? path == url : path.hasPrefix(url))
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
    }

    /// A short page saying why a request was refused.
    static func message(_ req: Request, status: HTTPResponseStatus, title: String, text: String) async throws -> Response {
        let services = req.application.lawTrail
        let page = MessagePage(
            bureauName: services.config.bureauName, todayChinese: services.today.chinese, title: title, text: text,
            signInURL: StaffURL.signIn)
        return try await req.view.render("staff/message", page).encodeResponse(status: status, for: req)
    }
}
