import Vapor

/// Every path of the site in one place: routes are registered from it and links are made
/// from it, so a view never carries a hand-written path (STYLE "Typed URLs").
public enum SiteURL: Equatable, Sendable {
    case home
    case healthz
    case stylesheet
    case ledgerCheckpoint
    case ledgerKey
    case ledgerEntry(String)
    case ledgerInclusionProof
    case ledgerConsistencyProof
    case apiSessions
    case apiOpenAPI
    case publications
    case publication(String)
    case publicationContent(String)
    case publicationProofBundle(String)
    case correctionForm
    case correctionRequests
    case correctionStatus
    case openData
    case openDataFile(String)
    case feed

    /// The path used in links.
    public var path: String {
        "/" + components.map(\.description).joined(separator: "/")
    }

    /// The route pattern.
    public var components: [PathComponent] {
        switch self {
        case .home: []
        case .healthz: ["healthz"]
        case .stylesheet: ["static", "site.css"]
        case .ledgerCheckpoint: ["ledger", "checkpoint"]
        case .ledgerKey: ["ledger", "key"]
        case .ledgerEntry(let index): ["ledger", "entries", .init(stringLiteral: index)]
        case .ledgerInclusionProof: ["ledger", "proof", "inclusion"]
        case .ledgerConsistencyProof: ["ledger", "proof", "consistency"]
        case .apiSessions: ["api", "v1", "sessions"]
        case .apiOpenAPI: ["api", "v1", "openapi.yaml"]
        case .publications: ["publications"]
        case .publication(let id): ["publications", .init(stringLiteral: id)]
        case .publicationContent(let id): ["publications", .init(stringLiteral: id), "content.json"]
        case .publicationProofBundle(let id): ["publications", .init(stringLiteral: id), "proof-bundle.json"]
        case .correctionForm: ["corrections", "new"]
        case .correctionRequests: ["corrections"]
        case .correctionStatus: ["corrections", "status"]
        case .openData: ["open-data"]
        case .openDataFile(let name): ["open-data", .init(stringLiteral: name)]
        case .feed: ["feed.atom"]
        }
    }
}
