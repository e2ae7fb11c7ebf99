import Foundation

/// One thing a trigger puts a duty on, with what people call it and who answers for it (SPEC X2, P2):
/// a decision, an affected publication, a correction request.
///
/// For an affected publication the responsibility is the publication's own (SPEC P2 "谁公示、谁负责"),
/// so the update falls on whoever published it.
public struct ObligationTarget: Hashable, Sendable, Codable {
    public var subject: ObligationSubject
    /// e.g. `普应急罚〔2026〕12号` or the publication's title; shown in reports.
    public var title: String
    public var responsibility: Responsibility

    public init(subject: ObligationSubject, title: String, responsibility: Responsibility) {
        self.subject = subject
        self.title = title
        self.responsibility = responsibility
    }

    /// The target for an existing publication: its published (else latest) title and its responsibility.
    public init(publication: Publication) {
        let version = publication.publishedVersion ?? publication.latestVersion
        self.init(subject: .publication(publication.id), title: version.title, responsibility: version.responsibility)
    }
}
