import Foundation

/// What one workflow step produced: the publication as it now is, and the transition that storage
/// appends to the ledger and the history (SPEC X3, P11).
public struct PublicationChange: Hashable, Sendable, Codable {
    public let publication: Publication
    public let transition: PublicationTransition

    public init(publication: Publication, transition: PublicationTransition) {
        self.publication = publication
        self.transition = transition
    }
}
