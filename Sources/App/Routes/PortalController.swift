import Domain
import Fluent
import Persistence
import Vapor

/// The public portal (ARCHITECTURE "HTTP surfaces": `/`, Simplified Chinese, no JavaScript needed).
struct PortalController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.home.components, use: home)
    }

    @Sendable
    func home(req: Request) async throws -> View {
        let services = req.application.lawTrail
        let page = HomePage(
            bureauName: services.config.bureauName,
            todayChinese: services.today.chinese,
            officerCount: try await OfficerModel.query(on: req.db).count(),
            sections: HomePage.sections(),
            ledgerSize: Int(try await LedgerReader(database: req.db).size()),
            latest: try await PublicationQueries(database: req.db)
                .publicList(.init(), today: services.today, offset: 0, limit: 10).items.map(PublicationListPage.Row.init),
            kindLinks: HomePage.kindLinks())
        return try await req.view.render("home", page)
    }
}
