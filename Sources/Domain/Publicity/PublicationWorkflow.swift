import Foundation

/// The publication workflow as pure functions: each takes a publication, the actor (who, in which
/// role) and the time, and returns the publication as it now is with the transition to record, or a
/// `PublicationError` saying in Chinese why not (SPEC P11, P9, P7.5, P3, X5).
///
/// ```
/// draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──withdraw──▶ withdrawn
///   ▲                   │                                        │   ▲  ╲──expire / endEarly──▶ expired
///   └──revise── sentBack ◀─sendBack                proposeCorrection  correct (→ corrected)
/// ```
///
/// Rules, and why:
/// - Four-eyes (SPEC P11): only a role with `Action.approvePublication` approves, and never a person
///   who drafted any version of the item. A correction is also reviewed: one person proposes it
///   (a new version with its reason), a second person of the legal section applies it — so nothing
///   reaches the public pages that only one person has read.
/// - Who may act at all is the `Permissions` table; in addition, before-enforcement items and the
///   yearly figures are the legal section's alone (SPEC P3), a limit the table cannot express.
/// - Versions are immutable (SPEC X3): a revision or a correction is a new version numbered after
///   the last and pointing at the one it replaces; the step checks that it does.
/// - A version is drafted under the actor's own id: a step never records someone else as drafter,
///   which would defeat the four-eyes check.
/// - A correction, a withdrawal and an early end need a reason (SPEC P9.1, P9.3, P7.5); a send-back
///   and a rejected correction need a comment for the drafter.
public enum PublicationWorkflow {
    // MARK: Drafting and review (SPEC P11)

    /// A new publication whose first version is `version`, drafted by `actor`.
    public static func draft(
        _ version: PublicationVersion, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        try check(actor, .draftPublication, kind: version.kind)
        guard version.number == 1, version.supersedes == nil, version.correctionReason == nil else {
            throw .versionMismatch("新起草的公示信息应为第1版，且不指向其他版本")
        }
        try checkDrafter(version, actor)
        let transition = PublicationTransition(
            publicationID: version.publicationID, kind: .drafted, from: nil, to: .draft,
            by: actor, at: at, versionID: version.id)
        let publication = try Publication(
            id: version.publicationID, kind: version.kind, state: .draft, versions: [version], history: [transition])
        return PublicationChange(publication: publication, transition: transition)
    }

    /// A draft or a sent-back item with a new version; it becomes a draft again.
    public static func revise(
        _ publication: Publication, with version: PublicationVersion, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        switch publication.state {
        case .draft, .sentBack: break
        default: throw .notAllowed(from: publication.state, step: .revised)
        }
        try check(actor, .draftPublication, kind: publication.kind)
        guard version.correctionReason == nil else { throw .versionMismatch("修改草稿不是更正，不应填写更正原因") }
        try checkSuccessor(version, of: publication, replacing: publication.latestVersion.id, actor: actor)
        var next = publication
        next.versions.append(version)
        return record(next, .revised, to: .draft, by: actor, at: at, versionID: version.id)
    }

    /// A draft sent for review. Refused while its content is incomplete or wrong (the 双公示 fields,
    /// the responsible unit and person, the disclosure basis), so the reviewer reads only whole items.
    public static func submit(
        _ publication: Publication, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state == .draft else { throw .notAllowed(from: publication.state, step: .submitted) }
        try check(actor, .draftPublication, kind: publication.kind)
        let problems = publication.latestVersion.problems(today: CivilDate(at))
        guard problems.isEmpty else { throw .invalidContent(problems) }
        return record(publication, .submitted, to: .submitted, by: actor, at: at, versionID: publication.latestVersion.id)
    }

    /// A submitted item sent back to its drafter with `comment`.
    public static func sendBack(
        _ publication: Publication, comment: String, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state == .submitted else { throw .notAllowed(from: publication.state, step: .sentBack) }
        try check(actor, .approvePublication, kind: publication.kind)
        guard let comment = nonBlank(comment) else { throw .commentRequired(.sentBack) }
        return record(
            publication, .sentBack, to: .sentBack(comment: comment), by: actor, at: at,
            versionID: publication.latestVersion.id, reason: comment)
    }

    /// A submitted item approved by a second person (SPEC P11): `actor` must hold
    /// `approvePublication` and must not have drafted any of its versions. The approver also fixes
    /// the publicity-period category (SPEC P7.5; issue 13 item 4: whether a penalty is a minor,
    /// general or serious breach is the legal section's decision, not the drafter's); nil means the
    /// kind's default. Publishing then uses it.
    public static func approve(
        _ publication: Publication, category: PublicityCategory? = nil, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state == .submitted else { throw .notAllowed(from: publication.state, step: .approved) }
        try check(actor, .approvePublication, kind: publication.kind)
        guard !publication.drafters.contains(actor.userID) else { throw .drafterCannotApprove }
        let category = category ?? publication.kind.defaultPublicityCategory
        guard publication.kind.allowedPublicityCategories.contains(category) else {
            throw .periodCategoryMismatch(publication.kind, category)
        }
        return record(
            publication, .approved, to: .approved, by: actor, at: at, versionID: publication.latestVersion.id, category: category)
    }

    // MARK: Publication (SPEC P7)

    /// An approved item published, with the publicity period it will be listed for (SPEC P7.5; make
    /// it with `PublicityPeriodPolicy.period`). A version withheld from disclosure is "published" as
    /// the record that the P7.1 duty was met by the exception; it is never listed.
    public static func publish(
        _ publication: Publication, period: PublicityPeriod, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state == .approved else { throw .notAllowed(from: publication.state, step: .published) }
        try check(actor, .publishPublication, kind: publication.kind)
        guard publication.kind.allowedPublicityCategories.contains(period.category) else {
            throw .periodCategoryMismatch(publication.kind, period.category)
        }
        var next = publication
        next.publishedVersionID = publication.latestVersion.id
        next.period = period
        return record(next, .published, to: .published, by: actor, at: at, versionID: publication.latestVersion.id)
    }

    // MARK: Correction (SPEC P9.1, P11)

    /// A correction of a published item proposed as a new version; `version.correctionReason` is the
    /// reason shown with it. The published version stays on the pages until a second person applies
    /// the correction with `correct`.
    public static func proposeCorrection(
        _ publication: Publication, with version: PublicationVersion, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state.isPublic else { throw .notAllowed(from: publication.state, step: .correctionProposed) }
        guard publication.pendingCorrectionID == nil else { throw .correctionPending }
        try check(actor, .correctPublication, kind: publication.kind)
        guard let reason = nonBlank(version.correctionReason) else { throw .reasonRequired(.corrected) }
        guard let published = publication.publishedVersionID else {
            throw .versionMismatch("该公示信息没有已公示的版本")
        }
        try checkSuccessor(version, of: publication, replacing: published, actor: actor)
        let problems = version.problems(today: CivilDate(at))
        guard problems.isEmpty else { throw .invalidContent(problems) }
        var next = publication
        next.versions.append(version)
        next.pendingCorrectionID = version.id
        return record(
            next, .correctionProposed, to: publication.state, by: actor, at: at, versionID: version.id, reason: reason)
    }

    /// The pending correction applied by a second person of the legal section: its version becomes
    /// the published one, and both stay in `versions` (SPEC P9.1, P11).
    public static func correct(
        _ publication: Publication, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state.isPublic else { throw .notAllowed(from: publication.state, step: .corrected) }
        guard let pending = publication.pendingCorrection else { throw .noCorrectionPending }
        try check(actor, .approvePublication, kind: publication.kind)
        guard pending.draftedBy != actor.userID else { throw .drafterCannotApprove }
        var next = publication
        next.publishedVersionID = pending.id
        next.pendingCorrectionID = nil
        return record(
            next, .corrected, to: .corrected, by: actor, at: at, versionID: pending.id, reason: pending.correctionReason)
    }

    /// The pending correction turned down with `comment`; the version is kept, never published.
    public static func rejectCorrection(
        _ publication: Publication, comment: String, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard let pending = publication.pendingCorrection else { throw .noCorrectionPending }
        try check(actor, .approvePublication, kind: publication.kind)
        guard let comment = nonBlank(comment) else { throw .commentRequired(.correctionRejected) }
        var next = publication
        next.pendingCorrectionID = nil
        return record(
            next, .correctionRejected, to: publication.state, by: actor, at: at, versionID: pending.id, reason: comment)
    }

    // MARK: Leaving the public lists (SPEC P9.3, P7.5)

    /// A published item taken down for `reason` (SPEC P9.3: a decision revoked, found unlawful or to
    /// be re-made). Its content leaves every public page; the ledger keeps the event.
    public static func withdraw(
        _ publication: Publication, reason: String, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state.isPublic else { throw .notAllowed(from: publication.state, step: .withdrawn) }
        try check(actor, .withdrawPublication, kind: publication.kind)
        guard let reason = nonBlank(reason) else { throw .reasonRequired(.withdrawn) }
        var next = publication
        next.pendingCorrectionID = nil
        return record(
            next, .withdrawn, to: .withdrawn(reason: reason), by: actor, at: at,
            versionID: publication.publishedVersionID ?? publication.latestVersion.id, reason: reason)
    }

    /// A published item whose publicity period has run out by the Asia/Shanghai date of `at`, moved
    /// to `expired` by the system (no actor).
    public static func expire(_ publication: Publication, at: Date) throws(PublicationError) -> PublicationChange {
        guard publication.state.isPublic else { throw .notAllowed(from: publication.state, step: .expired) }
        guard let period = publication.period, period.hasEnded(on: CivilDate(at)) else {
            throw .periodNotEnded(lastDay: publication.period?.lastDay)
        }
        var next = publication
        next.pendingCorrectionID = nil
        return record(
            next, .expired, to: .expired, by: nil, at: at,
            versionID: publication.publishedVersionID ?? publication.latestVersion.id)
    }

    /// A published item's period ended early for `reason` (信用修复, SPEC P7.5) — only once its
    /// minimum period has run by the Asia/Shanghai date of `at`.
    public static func endEarly(
        _ publication: Publication, reason: String, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        guard publication.state.isPublic else { throw .notAllowed(from: publication.state, step: .endedEarly) }
        try check(actor, .withdrawPublication, kind: publication.kind)
        guard let reason = nonBlank(reason) else { throw .reasonRequired(.endedEarly) }
        guard let period = publication.period, period.canEndEarly(on: CivilDate(at)) else {
            throw .minimumPeriodNotReached(earliest: publication.period?.earliestEarlyEnd)
        }
        var next = publication
        next.pendingCorrectionID = nil
        return record(
            next, .endedEarly, to: .expired, by: actor, at: at,
            versionID: publication.publishedVersionID ?? publication.latestVersion.id, reason: reason)
    }

    // MARK: - Helpers

    /// The role table, then the legal section's own kinds (SPEC X5, P3).
    static func check(_ actor: PublicationActor, _ action: Action, kind: PublicationKind) throws(PublicationError) {
        guard Permissions.allows(actor.role, action) else {
            throw .notPermitted(PermissionError(role: actor.role, action: action))
        }
        if kind.isLegalSectionOnly && actor.role != .legalSection { throw .legalSectionOnly(kind) }
    }

    private static func checkDrafter(_ version: PublicationVersion, _ actor: PublicationActor) throws(PublicationError) {
        guard version.draftedBy == actor.userID else { throw .versionMismatch("版本的起草人应为当前操作人") }
    }

    /// A new version must belong to the publication, follow its last version's number, and point at
    /// the version it replaces.
    private static func checkSuccessor(
        _ version: PublicationVersion, of publication: Publication, replacing previous: UUID, actor: PublicationActor
    ) throws(PublicationError) {
        guard version.publicationID == publication.id, version.kind == publication.kind else {
            throw .versionMismatch("版本不属于该公示信息")
        }
        guard !publication.versions.contains(where: { $0.id == version.id }) else {
            throw .versionMismatch("该版本已存在")
        }
        guard version.number == publication.latestVersion.number + 1 else {
            throw .versionMismatch("新版本应为第\(publication.latestVersion.number + 1)版")
        }
        guard version.supersedes == previous else { throw .versionMismatch("新版本应指向它所替代的版本") }
        try checkDrafter(version, actor)
    }

    private static func record(
        _ publication: Publication, _ kind: PublicationTransition.Kind, to state: PublicationState,
        by actor: PublicationActor?, at: Date, versionID: UUID, reason: String? = nil, category: PublicityCategory? = nil
    ) -> PublicationChange {
        let transition = PublicationTransition(
            publicationID: publication.id, kind: kind, from: publication.state, to: state,
            by: actor, at: at, versionID: versionID, reason: reason, category: category)
        var next = publication
        next.state = state
        next.history.append(transition)
        return PublicationChange(publication: next, transition: transition)
    }

    private static func nonBlank(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
