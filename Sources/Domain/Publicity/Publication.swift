import Foundation

/// 公示: an item shown to the public, with every version it ever had and every step it went
/// through (SPEC P1–P11, X3).
///
/// A value: it changes only through `PublicationWorkflow`, which returns the new value together with
/// the `PublicationTransition` to append to the ledger. Versions are never edited or dropped: a
/// revision, a correction (SPEC P9.1) or a correction that was rejected each stay in `versions`, and
/// `publishedVersionID` says which one the public sees. Leaving the public lists (withdrawal,
/// expiry) deletes nothing either (SPEC P7.5).
public struct Publication: Hashable, Sendable, Codable, Identifiable {
    public let id: UUID
    public let kind: PublicationKind
    public internal(set) var state: PublicationState
    /// Every version, in drafting order (never empty).
    public internal(set) var versions: [PublicationVersion]
    /// Every step, in order; the first is `drafted`.
    public internal(set) var history: [PublicationTransition]
    /// The version shown to the public while published or corrected.
    public internal(set) var publishedVersionID: UUID?
    /// A correction proposed and waiting for a second person's review (SPEC P9.1, P11).
    public internal(set) var pendingCorrectionID: UUID?
    /// Set when published (SPEC P7.5).
    public internal(set) var period: PublicityPeriod?

    /// A publication as storage holds it. Throws when `versions` is empty or a version belongs to
    /// another publication: the rest of the type relies on both.
    public init(
        id: UUID, kind: PublicationKind, state: PublicationState, versions: [PublicationVersion],
        history: [PublicationTransition], publishedVersionID: UUID? = nil, pendingCorrectionID: UUID? = nil,
        period: PublicityPeriod? = nil
    ) throws(PublicationError) {
        guard !versions.isEmpty else { throw .versionMismatch("公示信息至少应有一个版本") }
        guard versions.allSatisfy({ $0.publicationID == id && $0.kind == kind }) else {
            throw .versionMismatch("版本不属于该公示信息")
        }
        self.id = id
        self.kind = kind
        self.state = state
        self.versions = versions
        self.history = history
        self.publishedVersionID = publishedVersionID
        self.pendingCorrectionID = pendingCorrectionID
        self.period = period
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, state, versions, history, publishedVersionID, pendingCorrectionID, period
    }

    /// Decoding goes through the same checks as `init`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: c.decode(UUID.self, forKey: .id), kind: c.decode(PublicationKind.self, forKey: .kind),
            state: c.decode(PublicationState.self, forKey: .state),
            versions: c.decode([PublicationVersion].self, forKey: .versions),
            history: c.decode([PublicationTransition].self, forKey: .history),
            publishedVersionID: c.decodeIfPresent(UUID.self, forKey: .publishedVersionID),
            pendingCorrectionID: c.decodeIfPresent(UUID.self, forKey: .pendingCorrectionID),
            period: c.decodeIfPresent(PublicityPeriod.self, forKey: .period))
    }

    /// The most recently drafted version: the draft being worked on, or a pending correction.
    public var latestVersion: PublicationVersion { versions[versions.count - 1] }

    /// The version with `id`, if it is one of this publication's.
    public func version(_ id: UUID?) -> PublicationVersion? {
        guard let id else { return nil }
        return versions.first { $0.id == id }
    }

    /// The version the public sees (or last saw, once withdrawn or expired); nil before publication.
    public var publishedVersion: PublicationVersion? { version(publishedVersionID) }

    /// The correction waiting for review, if any.
    public var pendingCorrection: PublicationVersion? { version(pendingCorrectionID) }

    /// Every version that was ever the published one, oldest first: the public version history
    /// ("更正于 …，原因 …", SPEC P9.1).
    public var publishedVersions: [PublicationVersion] {
        let ids = Set(history.filter { $0.kind == .published || $0.kind == .corrected }.map(\.versionID))
        return versions.filter { ids.contains($0.id) }
    }

    /// The publicity-period category chosen by the legal section at the last approval (issue 13
    /// item 4); nil before approval, or for an item approved before the category moved there.
    public var approvedCategory: PublicityCategory? {
        history.last { $0.kind == .approved }?.category
    }

    /// When it was first published; nil before.
    public var publishedAt: Date? { history.first { $0.kind == .published }?.at }

    /// When it was withdrawn; nil unless it was.
    public var withdrawnAt: Date? { history.first { $0.kind == .withdrawn }?.at }

    /// Whether it appears on the public lists on `date` (SPEC P7.5): published or corrected, not
    /// withheld from disclosure, and within its publicity period. Computed from the period, so an
    /// item leaves the lists on the day after its period ends even before the expiry step is recorded;
    /// a withdrawn or expired item is never listed.
    /// A category that is not published (`PublicityDuration.notListed`) has an empty period and is
    /// never listed.
    public func isListed(on date: CivilDate) -> Bool {
        guard state.isPublic, let shown = publishedVersion, !shown.disclosure.isWithheld else { return false }
        return period?.contains(date) ?? true
    }

    /// The user ids that drafted any version: none of them may approve it (SPEC P11).
    public var drafters: Set<UUID> { Set(versions.map(\.draftedBy)) }
}
