import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: PortalController())
    try app.register(collection: PublicationPages())
    try app.register(collection: CorrectionPages())
    try app.register(collection: OpenDataController())
    try app.register(collection: StaticController())
    try app.register(collection: LedgerController())
    try app.register(collection: MetricsController())

    // Staff web pages (issue 6): a session cookie; forms carry the session's CSRF token.
    let web = app.grouped(SessionCookieAuthenticator())
    try web.register(collection: SignInController())
    try web.register(collection: DashboardController())
    try web.register(collection: PublicityDeskController())
    try web.register(collection: ActivityPagesController())
    try web.register(collection: DeskPagesController())
    try web.register(collection: CalendarPagesController())
    try web.register(collection: YearlyFiguresPagesController())
    try web.register(collection: MonthlyAccountabilityController())
    try web.register(collection: FixityPagesController())
    try web.register(collection: PublicityPolicyPagesController())
    try web.register(collection: RetrievalPagesController())
    try web.register(collection: CounterpartyPagesController())
    try web.register(collection: DocumentPagesController())
    try web.register(collection: SensitivityReviewPages())
    try web.register(collection: RetentionPagesController())
    try web.register(collection: ArchiveDeskController())

    // The JSON API: every route but sign-in needs a bearer token (issue 4 item 8), or the session
    // cookie with the CSRF header (the pages' scripts, e.g. the upload widget).
    let api = app.grouped(BearerAuthenticator(), SessionCookieAuthenticator())
    try api.register(collection: SessionController())
    try api.register(collection: UploadController())
    try api.register(collection: CaseController())
    try api.register(collection: RecordController())
    try api.register(collection: RecordingSessionController())
    try api.register(collection: RetrievalController())
    try api.register(collection: SensitivityReviewController())
    try api.register(collection: ComplianceController())
    try api.register(collection: DirectoryController())
    try api.register(collection: OfficerController())
    try api.register(collection: PublicationController())
    try api.register(collection: ObligationController())
    try api.register(collection: PublicityPolicyController())
    try api.register(collection: CorrectionRequestController())
}
