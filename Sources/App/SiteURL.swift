import Vapor

/// The public pages' links as typed values over the one registry, `URLs`. A case's argument is
/// either a value for a link or, for registering a route, the `:parameter` name.
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
    case complaintForm
    case complaints
    case complaintStatus
    case openData
    case openDataFile(String)
    case feed

    /// The path used in links.
    public var path: String {
        let (entry, arguments) = registered
        return entry.path(arguments)
    }

    /// The route pattern.
    public var components: [PathComponent] { registered.entry.components }

    /// The registry's entry and this link's arguments: the paths themselves live only in `URLs`.
    private var registered: (entry: SitePath, arguments: [String]) {
        switch self {
        case .home: (URLs.home, [])
        case .healthz: (URLs.healthz, [])
        case .stylesheet: (URLs.stylesheet, [])
        case .ledgerCheckpoint: (URLs.ledgerCheckpoint, [])
        case .ledgerKey: (URLs.ledgerKey, [])
        case .ledgerEntry(let index): (URLs.ledgerEntry, [index])
        case .ledgerInclusionProof: (URLs.ledgerInclusionProof, [])
        case .ledgerConsistencyProof: (URLs.ledgerConsistencyProof, [])
        case .apiSessions: (URLs.apiSessions, [])
        case .apiOpenAPI: (URLs.apiOpenAPI, [])
        case .publications: (URLs.publications, [])
        case .publication(let id): (URLs.publication, [id])
        case .publicationContent(let id): (URLs.publicationContent, [id])
        case .publicationProofBundle(let id): (URLs.publicationProofBundle, [id])
        case .correctionForm: (URLs.correctionForm, [])
        case .correctionRequests: (URLs.correctionRequests, [])
        case .correctionStatus: (URLs.correctionStatus, [])
        case .complaintForm: (URLs.complaintForm, [])
        case .complaints: (URLs.complaints, [])
        case .complaintStatus: (URLs.complaintStatus, [])
        case .openData: (URLs.openData, [])
        case .openDataFile(let name): (URLs.openDataFile, [name])
        case .feed: (URLs.feed, [])
        }
    }
}
