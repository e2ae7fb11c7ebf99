import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: PortalController())
    try app.register(collection: StaticController())
    try app.register(collection: LedgerController())
}
