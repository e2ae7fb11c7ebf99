import Domain
import FluentKit
import Foundation
import Persistence

/// The correction-request inbox (SPEC P9.2): list, read, answer. Answering meets the request's
/// 5-working-day duty; correcting the publication itself goes through `PublicationService`,
/// reviewed by a second person (SPEC P11).
public struct CorrectionRequestService: Sendable {
    /// A request with its answer and its duty as of today.
    public struct Item: Sendable {
        public let request: CorrectionRequest
        public let answer: CorrectionAnswer?
        public let obligation: ObligationStatus?
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: CorrectionRequestStore { CorrectionRequestStore(ledger: context.ledger) }

    public func list(unansweredOnly: Bool, offset: Int, limit: Int) async throws -> (items: [Item], total: Int) {
        let (entries, total) = try await store.list(unansweredOnly: unansweredOnly, offset: offset, limit: limit, on: context.database)
        var items: [Item] = []
        for entry in entries { items.append(try await item(entry)) }
        return (items, total)
    }

    public func request(_ id: UUID) async throws -> Item {
        try await item(try await entry(id))
    }

    /// A member of the public's request, as the portal's form sends it (SPEC P9.2): checked, its
    /// attachment stored only once everything else is valid, its 5-working-day duty created with it.
    /// `clientKey` is a keyed hash of the sender's address, for the hourly limit. Over `limits` the
    /// refusal comes before the attachment is stored; the binding count is taken as the request is
    /// stored (issue 12 item 9).
    public func receive(
        publication: PublicationVersion, name: String, contact: String, description: String,
        attachment: (data: Data, format: MediaFormat)?, clientKey: String,
        storeAttachment: @Sendable (Data) async throws -> (digest: String, size: UInt64),
        limits: CorrectionIntakeLimits? = nil
    ) async throws -> (request: CorrectionRequest, obligation: Obligation) {
        let receivedAt = context.clock.nowMilliseconds
        func make(_ attachment: CorrectionRequest.Attachment?) -> Result<CorrectionRequest, CorrectionRequestProblems> {
            CorrectionRequest.make(
                publicationID: publication.publicationID, publicationReference: PublicContent.shown(publication).title,
                requesterName: name, contact: contact, description: description, attachment: attachment, receivedAt: receivedAt)
        }
        if let limits, case .clientLimit = limits.refusal(
            fromClientInLastHour: try await store.count(clientKey: clientKey, since: receivedAt.addingTimeInterval(-3600), on: context.database),
            today: 0) {
            throw Self.refusal(.clientLimit)
        }
        if case .failure(let problems) = make(nil) {
            throw ServiceRefusal.invalid("invalid-correction-request", "申请内容有误。", errors: problems.byField)
        }
        var stored: CorrectionRequest.Attachment?
        if let bytes = attachment {
            // The door decides where the write runs (off the event loop: issue 12 item 12).
            let blob = try await storeAttachment(bytes.data)
            stored = CorrectionRequest.Attachment(sha256: blob.digest, size: Int64(blob.size), mediaType: bytes.format.mime)
        }
        let request = try make(stored).get()
        let target = ObligationTarget(
            subject: .correctionRequest(request.id), title: "更正申请 \(request.receipt)：\(request.publicationReference)",
            responsibility: publication.responsibility)
        let obligation = context.obligationRules.obligations(
            for: .correctionRequestReceived(on: CivilDate(receivedAt), request: target))[0]
        do {
            try await store.receive(request, obligation: obligation, clientKey: clientKey, limits: limits)
        } catch let refusal as CorrectionIntakeLimits.Refusal {
            throw Self.refusal(refusal)
        }
        return (request, obligation)
    }

    /// A written request that arrived by letter or e-mail (书面要求), entered by the legal section
    /// (issue 13 item 5 (c); SPEC P9.2): the same 5-working-day duty as a request from the form,
    /// counted from `receivedOn` — the day the bureau received it, not the day it is entered — which
    /// may not be in the future. `publicationID` names the publication concerned (its responsible
    /// unit and person answer for the duty, SPEC P2). The hourly and daily limits of the public form
    /// do not apply: a person enters what arrived.
    public func enterWritten(
        publicationID: UUID?, name: String, contact: String, description: String, channel: String?, receivedOn: String?,
        by staff: StaffMember
    ) async throws -> (request: CorrectionRequest, obligation: Obligation) {
        guard staff.may(.answerCorrectionRequest) else {
            throw ServiceRefusal(.forbidden, type: "correction-request-forbidden", detail: "只有法制宣传科可以登记书面更正申请。")
        }
        var errors: [String: String] = [:]
        var version: PublicationVersion?
        if let publicationID, let publication = try await PublicationQueries(database: context.database).publication(publicationID),
           let shown = publication.publishedVersion {
            version = shown
        } else {
            errors["publication"] = "请选择要求更正的已公示信息"
        }
        let day = receivedOn.flatMap { CivilDate(iso: $0.trimmingCharacters(in: .whitespaces)) }
        if let receivedOn, !receivedOn.isEmpty, day == nil { errors["receivedOn"] = "收到日期应为 YYYY-MM-DD" }
        let made = CorrectionRequest.makeWritten(
            publicationID: version?.publicationID, publicationReference: version.map { PublicContent.shown($0).title } ?? "",
            requesterName: name, contact: contact, description: description,
            channel: channel.flatMap(CorrectionRequest.Written.Channel.init(rawValue:)), receivedOn: day,
            enteredBy: staff.id, enteredAt: context.clock.nowMilliseconds)
        if case .failure(let problems) = made { errors.merge(problems.byField) { first, _ in first } }
        guard errors.isEmpty, let version, case .success(let request) = made else {
            throw ServiceRefusal.invalid("invalid-correction-request", "书面更正申请登记有误。", errors: errors)
        }
        let target = ObligationTarget(
            subject: .correctionRequest(request.id), title: "更正申请 \(request.receipt)：\(request.publicationReference)",
            responsibility: version.responsibility)
        let obligation = context.obligationRules.obligations(
            for: .correctionRequestReceived(on: request.receivedOn, request: target))[0]
        try await store.receive(request, obligation: obligation, clientKey: "staff:\(staff.id.uuidString.lowercased())")
        return (request, obligation)
    }

    static func refusal(_ refusal: CorrectionIntakeLimits.Refusal) -> ServiceRefusal {
        switch refusal {
        case .clientLimit:
            ServiceRefusal(.tooManyRequests, type: "too-many-correction-requests", detail: "提交过于频繁，请一小时后再试，或致电本局。")
        case .dailyLimit:
            ServiceRefusal(.tooManyRequests, type: "correction-intake-full", detail: "今日在线受理的更正申请已满，请明日再试，或致电本局。")
        }
    }


    /// Answers request `id`. `outcome` is what the person chose (`corrected` or `replied`); there
    /// is no default, so nobody is recorded as having corrected what they did not (issue 10 item 6).
    public func answer(_ id: UUID, outcome slug: String?, reply: String, by staff: StaffMember) async throws -> Item {
        let outcome = slug.flatMap(CorrectionAnswer.Outcome.init(rawValue:))
        let entry = try await entry(id)
        guard entry.answer == nil else {
            throw ServiceRefusal(.conflict, type: "already-answered", detail: "该申请已经答复。")
        }
        guard let obligation = try await ObligationQueries(database: context.database).find(entry.obligationID) else {
            throw ServiceRefusal.notFound("该申请的办理期限记录不存在。")
        }
        var errors: [String: String] = [:]
        if outcome == nil { errors["outcome"] = "请选择答复结果：已更正，或不予更正并说明理由" }
        let made = CorrectionAnswer.make(
            requestID: entry.request.id, outcome: outcome ?? .replied, reply: reply, answeredBy: staff.id,
            answeredAt: context.clock.nowMilliseconds)
        if case .failure(let problems) = made { errors.merge(problems.byField) { first, _ in first } }
        guard errors.isEmpty, case .success(let answer) = made else {
            throw ServiceRefusal.invalid("invalid-answer", "答复有误：" + errors.keys.sorted().compactMap { errors[$0] }.joined(separator: "；"), errors: errors)
        }
        try await store.answer(answer, obligation: obligation)
        return try await request(id)
    }

    private func entry(_ id: UUID) async throws -> CorrectionRequestStore.Entry {
        guard let entry = try await store.find(id, on: context.database) else { throw ServiceRefusal.notFound("更正申请不存在。") }
        return entry
    }

    private func item(_ entry: CorrectionRequestStore.Entry) async throws -> Item {
        let obligation = try await ObligationQueries(database: context.database).find(entry.obligationID)
        return Item(
            request: entry.request, answer: entry.answer,
            obligation: obligation.map { ObligationStatus($0, today: context.clock.today, calendar: context.calendar) })
    }
}
