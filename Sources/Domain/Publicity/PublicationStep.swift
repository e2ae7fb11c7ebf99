import Foundation

/// A step a staff member takes on an existing publication (SPEC P7, P9, P11): the workflow's
/// functions by name, so that the API, the desk's buttons and the list of available steps are one
/// switch (`PublicationWorkflow.take`), not three.
public enum PublicationStep: String, CaseIterable, Sendable, Codable {
    case revise
    case submit
    case approve
    case sendBack = "send-back"
    case publish
    case proposeCorrection = "propose-correction"
    case applyCorrection = "apply-correction"
    case rejectCorrection = "reject-correction"
    case withdraw
    case endEarly = "end-early"

    public var chineseName: String {
        switch self {
        case .revise: "保存修改"
        case .submit: "提交审核"
        case .approve: "审核通过"
        case .sendBack: "退回修改"
        case .publish: "发布"
        case .proposeCorrection: "提出更正"
        case .applyCorrection: "同意更正"
        case .rejectCorrection: "驳回更正"
        case .withdraw: "撤下"
        case .endEarly: "提前结束公示"
        }
    }

    /// Steps that need a reason or comment typed by the person taking them.
    public var needsReason: Bool {
        switch self {
        case .sendBack, .rejectCorrection, .withdraw, .endEarly: true
        default: false
        }
    }

    /// Steps that carry a new version of the content.
    public var carriesVersion: Bool { self == .revise || self == .proposeCorrection }
}

/// What a step needs besides the publication and the actor.
public struct PublicationStepInput: Sendable {
    /// The reason or comment (send back, reject a correction, withdraw, end early).
    public var reason: String
    /// The new version (revise, propose a correction).
    public var version: PublicationVersion?
    /// The publicity-period category the approver chooses (approve only; SPEC P7.5, issue 13 item 4);
    /// nil: the kind's default. Publishing uses the category fixed at approval.
    public var category: PublicityCategory?

    public init(reason: String = "", version: PublicationVersion? = nil, category: PublicityCategory? = nil) {
        self.reason = reason
        self.version = version
        self.category = category
    }
}

extension PublicationWorkflow {
    /// Takes `step` with `input`: the one dispatcher every door uses. `policy` gives the publicity
    /// period when publishing: the policy in force on the day of publication
    /// (`PublicityPolicySchedule.policy(on:)`).
    public static func take(
        _ step: PublicationStep, on publication: Publication, input: PublicationStepInput,
        policy: PublicityPeriodPolicy, by actor: PublicationActor, at: Date
    ) throws(PublicationError) -> PublicationChange {
        switch step {
        case .revise:
            guard let version = input.version else { throw .versionMismatch("缺少新版本的内容") }
            return try revise(publication, with: version, by: actor, at: at)
        case .submit:
            return try submit(publication, by: actor, at: at)
        case .approve:
            return try approve(publication, category: input.category, by: actor, at: at)
        case .sendBack:
            return try sendBack(publication, comment: input.reason, by: actor, at: at)
        case .publish:
            // The category the legal section fixed at approval (issue 13 item 4); an item approved
            // before that step carried one falls back to the kind's default.
            let category = publication.approvedCategory ?? publication.kind.defaultPublicityCategory
            let period = policy.period(for: publication.latestVersion, category: category, publishedOn: CivilDate(at))
            return try publish(publication, period: period, by: actor, at: at)
        case .proposeCorrection:
            guard let version = input.version else { throw .versionMismatch("缺少更正后的内容") }
            return try proposeCorrection(publication, with: version, by: actor, at: at)
        case .applyCorrection:
            return try correct(publication, by: actor, at: at)
        case .rejectCorrection:
            return try rejectCorrection(publication, comment: input.reason, by: actor, at: at)
        case .withdraw:
            return try withdraw(publication, reason: input.reason, by: actor, at: at)
        case .endEarly:
            return try endEarly(publication, reason: input.reason, by: actor, at: at)
        }
    }

    /// The steps `actor` may take on `publication` at `at`: exactly those `take` accepts when the
    /// person types a reason and, for a new version, keeps the current content. The desk shows
    /// these as its buttons, so it never offers a step the workflow then refuses (issue 11 item 2).
    /// Submitting is offered only for complete content (the refusal would list what is missing,
    /// which the desk shows beside the fields instead).
    public static func availableSteps(
        for publication: Publication, actor: PublicationActor, policy: PublicityPeriodPolicy, at: Date
    ) -> [PublicationStep] {
        PublicationStep.allCases.filter { step in
            let input = PublicationStepInput(
                reason: "理由", version: step.carriesVersion ? successor(for: step, of: publication, by: actor, at: at) : nil)
            return (try? take(step, on: publication, input: input, policy: policy, by: actor, at: at)) != nil
        }
    }

    /// The version a revision or a correction would add if the person kept the content as it is.
    static func successor(
        for step: PublicationStep, of publication: Publication, by actor: PublicationActor, at: Date
    ) -> PublicationVersion {
        let base = step == .proposeCorrection ? (publication.publishedVersion ?? publication.latestVersion) : publication.latestVersion
        return PublicationVersion(
            publicationID: publication.id, number: publication.latestVersion.number + 1, kind: publication.kind,
            title: base.title, fields: base.fields, responsibility: base.responsibility, disclosure: base.disclosure,
            sourceActivityID: base.sourceActivityID, sourceCaseID: base.sourceCaseID, counterparty: base.counterparty,
            draftedBy: actor.userID, draftedAt: at, supersedes: step == .proposeCorrection ? base.id : publication.latestVersion.id,
            correctionReason: step == .proposeCorrection ? "理由" : nil, otherPersonNames: base.otherPersonNames)
    }
}
