import Domain
import Fluent
import Persistence
import Services
import Vapor

/// Activities and records in the browser (issue 6 item 3): create a case and an on-site activity
/// with its officers, situations and the P6 checklist; an activity's page with its records, the
/// upload widget (progress, speed, time left, resume — the resumable API), the recording-session
/// timeline with the form to explain a gap, and the compliance findings linked to where they are fixed.
struct ActivityPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffActivities.components, action: .viewActivity, use: list)
        routes.staff(.GET, URLs.staffNewActivity.components, action: .createActivity, use: newForm)
        routes.staff(.POST, URLs.staffActivities.components, action: .createActivity, use: create)
        routes.staff(.GET, URLs.staffActivity.components, action: .viewActivity, use: detail)
        routes.staff(.GET, URLs.staffCase.components, action: .viewActivity, use: casePage)
        routes.staff(.POST, URLs.staffActivitySessions.components, action: .uploadMedia, use: buildSession)
        routes.staff(.POST, URLs.staffGapExplanations.components, action: .explainGap, use: explain)
    }

    // MARK: List

    struct ListPage: Content {
        struct Row: Content {
            let url: String
            let caseNumber: String
            let kindName: String
            let started: String
            let site: String
        }
        let ctx: StaffContext
        let rows: [Row]
        let canCreate: Bool
        let page: Int
        let total: Int
        let previousURL: String?
        let nextURL: String?
    }

    @Sendable
    func list(req: Request) async throws -> View {
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let rows = try await ActivityModel.query(on: req.db).sort(\.$startedAt, .descending)
            .range(((page - 1) * 20)..<(page * 20 + 1)).all()
        let queries = ActivityQueries(database: req.db)
        var items: [ListPage.Row] = []
        for row in rows.prefix(20) {
            guard let id = row.id, let activity = try await queries.activity(id) else { continue }
            let number = try await queries.enforcementCase(activity.caseID)?.number ?? ""
            items.append(.init(url: URLs.staffActivity.path(id), caseNumber: number, kindName: activity.kind.chineseName,
                               started: ShanghaiTime.chinese(activity.startedAt), site: activity.site.address))
        }
        return try await req.view.render("staff/activities", ListPage(
            ctx: try StaffContext(req), rows: items, canCreate: Permissions.allows(try req.user.role, .createActivity),
            page: page, total: try await ActivityModel.query(on: req.db).count(),
            previousURL: page > 1 ? URLs.staffActivities.url + "?page=\(page - 1)" : nil,
            nextURL: rows.count > 20 ? URLs.staffActivities.url + "?page=\(page + 1)" : nil))
    }

    // MARK: New

    struct Form: Content {
        /// Set when the activity is added to an existing case (from the case's page).
        var caseId: String?
        var caseNumber: String?
        var caseTitle: String?
        var kind: String?
        var counterpartyId: String?
        var unitId: String?
        var procedure: String?
        var address: String?
        var highRisk: String?
        var onSite: String?
        var officerIds: [String]?
        var startedAt: String?
        var endedAt: String?
        var situations: [String]?
        var told: [String]?
        var documentsIssued: String?
    }

    struct FormPage: Content {
        struct Option: Content {
            let value: String
            let label: String
            let selected: Bool
        }
        let ctx: StaffContext
        let form: Form
        /// The existing case the activity is added to, shown instead of the case fields.
        let existingCase: String?
        let errors: [String: String]
        let error: String?
        let kinds: [Option]
        let counterparties: [Option]
        let units: [Option]
        let officers: [Option]
        let situations: [Option]
        let told: [Option]
    }

    @Sendable
    func newForm(req: Request) async throws -> View {
        let now = req.application.lawTrail.now
        var form = Form(
            caseNumber: "", caseTitle: "", kind: "inspection", procedure: "general", address: "", onSite: "on",
            startedAt: Self.local(now.addingTimeInterval(-3600)), endedAt: Self.local(now), documentsIssued: "现场检查记录")
        if let caseID = req.query[String.self, at: "case"].flatMap(UUID.init(uuidString:)) {
            let existing = try await CaseService(req.serviceContext).enforcementCase(caseID)
            form.caseId = existing.id.uuidString.lowercased()
            form.kind = existing.kind.rawValue
            form.unitId = existing.unitID.uuidString.lowercased()
        }
        return try await render(req, form: form, errors: [:], error: nil)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        var errors: [String: String] = [:]
        let kind = form.kind.flatMap(EnforcementKind.init(rawValue:))
        if kind == nil { errors["kind"] = "请选择执法类别" }
        let existingCase = form.caseId.flatMap(UUID.init(uuidString:))
        let counterparty = form.counterpartyId.flatMap(UUID.init(uuidString:))
        if counterparty == nil, existingCase == nil { errors["counterpartyId"] = "请选择行政相对人" }
        let unit = form.unitId.flatMap(UUID.init(uuidString:))
        if unit == nil, existingCase == nil { errors["unitId"] = "请选择执法单位" }
        let started = form.startedAt.flatMap(Self.instant)
        if started == nil { errors["startedAt"] = "请填写开始时间" }
        let ended = form.endedAt.flatMap(Self.instant)
        if ended == nil { errors["endedAt"] = "请填写结束时间" }
        let officers = (form.officerIds ?? []).compactMap(UUID.init(uuidString:))
        guard errors.isEmpty, let kind, let started, let ended else {
            return try await render(req, form: form, errors: errors, error: "请按提示补全信息。").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let told = Set((form.told ?? []).compactMap(DisclosureChecklist.Item.init(slug:)))
        let rights = Set(told.compactMap { item -> DisclosureChecklist.Right? in
            if case .right(let right) = item { return right }
            return nil
        })
        let documents = (form.documentsIssued ?? "").split(whereSeparator: { $0 == "，" || $0 == "," || $0 == "、" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let newActivity = CaseService.NewActivity(
                    caseID: existingCase, kind: kind, procedure: Procedure(rawValue: form.procedure ?? "") ?? .general,
                    site: Site(address: form.address ?? "", highRisk: form.highRisk != nil), isOnSite: form.onSite != nil,
                    officerIDs: officers, startedAt: started, endedAt: ended,
                    situations: Set((form.situations ?? []).compactMap(RecordingSituation.init(slug:))),
                    checklist: DisclosureChecklist(
                        certificatesShownBy: officers, documentsIssued: documents,
                        reasonTold: told.contains(.reason), legalBasisTold: told.contains(.legalBasis), rightsTold: rights,
                        dutyToCooperateTold: told.contains(.dutyToCooperate)))
            let service = CaseService(req.serviceContext)
            let activity: Activity
            if existingCase != nil {
                activity = try await service.recordActivity(newActivity, by: try req.staff)
            } else if let counterparty, let unit {
                activity = try await service.openCase(
                    .init(number: form.caseNumber ?? "", title: form.caseTitle ?? "", kind: kind, counterpartyID: counterparty,
                          unitID: unit, openedOn: CivilDate(started).description),
                    withFirstActivity: newActivity, by: try req.staff).1
            } else {
                throw Abort(.badRequest)
            }
            return req.redirect(to: URLs.staffActivity.path(activity.id), redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, form: form, errors: refusal.errors, error: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    private func render(_ req: Request, form: Form, errors: [String: String], error: String?) async throws -> View {
        let parties = try await CounterpartyModel.query(on: req.db).sort(\.$name).limit(200).all()
        let units = try await UnitModel.query(on: req.db).sort(\.$name).all()
        let officers = try await OfficerModel.query(on: req.db).sort(\.$name).all()
        let chosen = Set(form.officerIds ?? [])
        let situations = Set(form.situations ?? [])
        let told = Set(form.told ?? [])
        let toldItems: [DisclosureChecklist.Item] = [.reason, .legalBasis, .right(.statement), .right(.defence), .right(.hearing), .right(.recusal), .dutyToCooperate]
        var existingCase: String?
        if let caseID = form.caseId.flatMap(UUID.init(uuidString:)) {
            let found = try await CaseService(req.serviceContext).enforcementCase(caseID)
            existingCase = "\(found.number) \(found.title)（\(found.kind.chineseName)）"
        }
        return try await req.view.render("staff/activity-new", FormPage(
            ctx: try StaffContext(req), form: form, existingCase: existingCase, errors: errors, error: error,
            kinds: EnforcementKind.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0.rawValue == form.kind) },
            counterparties: try parties.map { let id = try $0.requireID().uuidString.lowercased(); return .init(value: id, label: $0.name, selected: id == form.counterpartyId) },
            units: try units.map { let id = try $0.requireID().uuidString.lowercased(); return .init(value: id, label: $0.name, selected: id == form.unitId) },
            officers: try officers.map { let id = try $0.requireID().uuidString.lowercased(); return .init(value: id, label: $0.name, selected: chosen.contains(id)) },
            situations: RecordingSituation.listed.map { .init(value: $0.slug, label: $0.chineseName, selected: situations.contains($0.slug)) },
            told: toldItems.map { .init(value: $0.slug, label: "已告知" + $0.chineseName, selected: told.contains($0.slug)) }))
    }

    // MARK: One activity

    struct DetailPage: Content {
        struct RecordRow: Content {
            let url: String
            let kind: String
            let title: String
            let created: String
            let sha: String
        }
        struct Segment: Content {
            let label: String
        }
        struct Gap: Content {
            let afterSegment: Int
            let label: String
            let explanation: String?
        }
        struct SessionView: Content {
            let id: String
            let medium: String
            let segments: [Segment]
            /// The timeline drawn as SVG (green: recorded; red: gap to explain; grey: explained).
            let svg: String
            let gaps: [Gap]
        }
        struct Finding: Content {
            let spec: String
            let message: String
            let hint: String?
        }
        let ctx: StaffContext
        let id: String
        let caseNumber: String
        let caseURL: String
        let title: String
        let kindName: String
        let started: String
        let ended: String
        let site: String
        let officers: String
        let records: [RecordRow]
        let sessions: [SessionView]
        let findings: [Finding]?
        let hasFindings: Bool
        let canUpload: Bool
        let canExplain: Bool
        let reasonOptions: [FormPage.Option]
        let error: String?
        /// The activity's clips a recording session can be made of (issue 10 item 4).
        struct Clip: Content {
            let id: String
            let label: String
            let hasTimes: Bool
        }
        let canBuildSession: Bool
        let clips: [Clip]
        let sessionError: String?
        /// Devices the act's officers hold, for the upload form's 记录设备 (SPEC R8).
        let devices: [FormPage.Option]
    }

    @Sendable
    func detail(req: Request) async throws -> View {
        try await renderDetail(req, activityID: try req.uuidParameter("id"), error: nil)
    }

    private func renderDetail(_ req: Request, activityID: UUID, error: String?, sessionError: String? = nil) async throws -> View {
        let user = try req.user
        let queries = ActivityQueries(database: req.db)
        guard let activity = try await queries.activity(activityID),
              let row = try await ActivityModel.find(activityID, on: req.db) else { throw Abort(.notFound) }
        let enforcementCase = try await queries.enforcementCase(activity.caseID)
        let officers = try await queries.officers(activity.officerIDs)
        let records = try await RecordStore(ledger: req.ledgerWriter).forActivity(activityID, on: req.db)
        var sessions: [DetailPage.SessionView] = []
        for session in try await queries.sessions(activityID: activityID) {
            guard let first = session.segments.first?.start, let last = session.segments.map(\.end).max() else { continue }
            let span = max(1, last.timeIntervalSince(first))
            sessions.append(.init(
                id: session.id.uuidString.lowercased(), medium: session.medium.chineseName,
                segments: session.segments.enumerated().map { index, segment in
                    .init(label: "第\(index + 1)段 \(ShanghaiTime.chinese(segment.start))起 \(Int(segment.duration / 60))分钟")
                },
                svg: Self.timeline(session, first: first, span: span),
                gaps: session.gaps().map { gap in
                    DetailPage.Gap(afterSegment: gap.afterSegment,
                          label: "第\(gap.afterSegment + 1)段后中断 \(Int(gap.duration / 60))分钟（\(ShanghaiTime.chinese(gap.start))至\(ShanghaiTime.chinese(gap.end))）",
                          explanation: session.explanation(forGapAfter: gap.afterSegment).map { "\($0.reason.chineseName)：\($0.text)（\($0.evidence.chineseDescription)）" })
                }))
        }
        var findings: [DetailPage.Finding]?
        if ActivityAccess.mayViewCompliance(activity, createdBy: row.createdBy, by: user.staffMember) {
            findings = ComplianceCheck.findings(activity: activity, officers: officers, evidence: try await queries.evidence(activityID: activityID),
                                                tolerances: req.serviceContext.recordingTolerances)
                .map { .init(spec: $0.specID, message: $0.message, hint: $0.fixHint) }
        }
        let names = Dictionary(officers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let devices = try await queries.devicesHeld(by: activity.officerIDs).map { device in
            FormPage.Option(value: device.id.uuidString.lowercased(),
                            label: "\(device.serial)（\(device.model)，\(names[device.officerID] ?? "")）", selected: false)
        }
        var recordRows: [DetailPage.RecordRow] = []
        for record in records {
            // A document by its template; media by kind and size; sensitive records marked by the
            // marking in force (issue 10 item 9; issue 13 item 6: the legal section's review).
            var title = record.templateID.flatMap(DocumentTemplate.named)?.title
                ?? record.byteCount.map { String(format: "%@ %.1f MB", record.kind.chineseName, Double($0) / 1_048_576) } ?? record.kind.chineseName
            let marking = try await SensitivityReviewService(req.serviceContext).effectiveSensitivity(record)
            if marking.requiresApproval { title += "（\(marking.chineseName)，调阅需审批）" }
            recordRows.append(DetailPage.RecordRow(
                url: URLs.staffRecord.path(record.id), kind: record.kind.chineseName, title: title, created: record.captureStart.map(ShanghaiTime.chinese) ?? "—",
                sha: String((record.blobSHA256 ?? "").prefix(16))))
        }
        let reasonOptions: [FormPage.Option] = InterruptionReason.allCases.map {
            FormPage.Option(value: $0.rawValue, label: $0.chineseName, selected: false)
        }
        let page = DetailPage(
            ctx: try StaffContext(req), id: activityID.uuidString.lowercased(), caseNumber: enforcementCase?.number ?? "",
            caseURL: URLs.staffCase.path(activity.caseID),
            title: enforcementCase?.title ?? "", kindName: activity.kind.chineseName,
            started: ShanghaiTime.chinese(activity.startedAt), ended: ShanghaiTime.chinese(activity.endedAt),
            site: activity.site.address, officers: officers.map(\.name).joined(separator: "、"),
            records: recordRows, sessions: sessions, findings: findings, hasFindings: !(findings ?? []).isEmpty,
            canUpload: Permissions.allows(user.role, .uploadMedia), canExplain: Permissions.allows(user.role, .explainGap),
            reasonOptions: reasonOptions, error: error,
            canBuildSession: Permissions.allows(user.role, .uploadMedia) && records.contains { $0.kind == .video || $0.kind == .audio },
            clips: records.filter { $0.kind == .video || $0.kind == .audio }
                .sorted { ($0.captureStart ?? .distantFuture) < ($1.captureStart ?? .distantFuture) }
                .map { clip in
                    let times = clip.captureStart.flatMap { start in clip.captureEnd.map { (start, $0) } }
                    return .init(
                        id: clip.id.uuidString.lowercased(),
                        label: times.map { "\(clip.kind.chineseName) \(ShanghaiTime.chinese($0.0)) 起 \(max(1, Int($0.1.timeIntervalSince($0.0) / 60))) 分钟" }
                            ?? "\(clip.kind.chineseName)（没有拍摄时间，不能加入）",
                        hasTimes: times != nil)
                },
            sessionError: sessionError, devices: devices)
        return try await req.view.render("staff/activity", page)
    }

    struct ExplainForm: Content {
        var afterSegment: Int?
        var reason: String?
        var text: String?
        var at: String?
    }

    @Sendable
    func explain(req: Request) async throws -> Response {
        let form = try req.content.decode(ExplainForm.self)
        let sessionID = try req.uuidParameter("id")
        // The activity is the session's, never the form's (issue 12 item 5): a refusal re-renders
        // that activity's page, and only for a role that may see it.
        let activityID = try await RecordingSessionService(req.serviceContext).session(sessionID).activityID
        // Nothing is recorded that the officer did not state (issue 10 item 6): no default reason,
        // no default position in the recording.
        let at = form.at.flatMap { InterruptionExplanation.Evidence.seconds(fromClock: $0.trimmingCharacters(in: .whitespaces)) }
        let reason = form.reason.flatMap(InterruptionReason.init(rawValue:))
        guard let at, let reason else {
            let missing = [reason == nil ? "中断原因" : nil, at == nil ? "录像中说明的位置（时:分:秒，如 00:12:05）" : nil].compactMap { $0 }
            return try await refusedExplanation(req, activityID: activityID, refusal: .invalid(
                "explanation-incomplete", "请填写" + missing.joined(separator: "和") + "。"))
        }
        let explanation = InterruptionExplanation(
            afterSegment: form.afterSegment ?? -1, reason: reason, text: form.text ?? "", evidence: .statedInRecording(at: at))
        do {
            _ = try await req.loggingRefusal("explain gap") {
                try await RecordingSessionService(req.serviceContext).explain(sessionID, explanation, by: try req.staff)
            }
            return req.redirect(to: URLs.staffActivity.path(activityID), redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await refusedExplanation(req, activityID: activityID, refusal: refusal)
        }
    }

    /// The activity's page with the refusal — or, for a role that may not view activities (a
    /// third-party recorder), the refusal alone.
    private func refusedExplanation(_ req: Request, activityID: UUID, refusal: ServiceRefusal) async throws -> Response {
        guard Permissions.allows(try req.user.role, .viewActivity) else { throw refusal }
        return try await renderDetail(req, activityID: activityID, error: refusal.detail)
            .encodeResponse(status: refusal.httpStatus, for: req)
    }

    // MARK: - Helpers

    static func timeline(_ session: RecordingSession, first: Date, span: TimeInterval) -> String {
        let x = { (date: Date) in 1000 * date.timeIntervalSince(first) / span }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 40\" role=\"img\" aria-label=\"录制时间轴\">"
        for segment in session.segments {
            svg += String(format: "<rect x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"24\" fill=\"#2e7d32\"/>",
                          x(segment.start), max(2, x(segment.end) - x(segment.start)))
        }
        for gap in session.gaps() {
            let colour = session.explanation(forGapAfter: gap.afterSegment) == nil ? "#b3261e" : "#9aa5b1"
            svg += String(format: "<rect x=\"%.1f\" y=\"14\" width=\"%.1f\" height=\"12\" fill=\"%@\"/>",
                          x(gap.start), max(2, x(gap.end) - x(gap.start)), colour)
        }
        return svg + "</svg>"
    }

    /// `datetime-local` values are Asia/Shanghai wall-clock time.
    static func instant(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = CivilDate(iso: parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        return day.startInstant().addingTimeInterval(Double(clock[0] * 3600 + clock[1] * 60))
    }

    static func local(_ date: Date) -> String {
        let day = CivilDate(date)
        let seconds = (Int(date.timeIntervalSince1970) + 8 * 3600) % 86_400
        return String(format: "%@T%02d:%02d", day.description, seconds / 3600, seconds % 3600 / 60)
    }
}

extension ActivityPagesController {
    // MARK: Making a recording session (issue 10 item 4)

    struct SessionForm: Content {
        var recordIds: [String]?
        var told: String?
    }

    /// A recording session from the clips the officer chose, in capture order; the timeline and
    /// the gaps to explain then show on the activity's page.
    @Sendable
    func buildSession(req: Request) async throws -> Response {
        let activityID = try req.uuidParameter("id")
        // As for gap explanations (issue 12 item 5): this form answers with the activity's page,
        // so only a role that may see activities may use it; others use the API.
        guard Permissions.allows(try req.user.role, .viewActivity) else {
            throw ServiceRefusal(.forbidden, type: "forbidden", detail: "您的角色无权查看执法活动，请通过上传接口组建录像会话。")
        }
        let form = try req.content.decode(SessionForm.self)
        let service = RecordingSessionService(req.serviceContext)
        let chosen = Set((form.recordIds ?? []).compactMap(UUID.init(uuidString:)))
        let clips = try await RecordService(req.serviceContext).records(ofActivity: activityID).filter { chosen.contains($0.id) }
        let ordered = clips.sorted { ($0.captureStart ?? .distantFuture) < ($1.captureStart ?? .distantFuture) }
        guard !ordered.isEmpty else {
            return try await renderDetail(req, activityID: activityID, error: nil, sessionError: "请至少选择一段录像。")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            _ = try await service.create(
                activityID: activityID, medium: ordered[0].kind == .audio ? .audio : .video, recordIDs: ordered.map(\.id),
                counterpartyToldRecordingStarted: form.told == "1", by: try req.staff)
            return req.redirect(to: URLs.staffActivity.path(activityID) + "#sessions", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderDetail(req, activityID: activityID, error: nil, sessionError: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: One case

    struct CasePage: Content {
        struct Row: Content {
            let url: String
            let started: String
            let kindName: String
            let site: String
            let officers: String
        }
        let ctx: StaffContext
        let id: String
        let number: String
        let title: String
        let kindName: String
        let counterparty: String
        let openedOn: String
        let activities: [Row]
        let canAdd: Bool
        let newActivityURL: String
        /// 结案 and 归档 (issue 14 item 2).
        let closedOn: String?
        let closingSummary: String?
        let canClose: Bool
        let today: String
        let archiveURL: String?
        let packageURL: String?
        let notice: String?
    }

    /// A case with its activities, and the way to add one (issue 10 item 3).
    @Sendable
    func casePage(req: Request) async throws -> View {
        let caseID = try req.uuidParameter("id")
        let services = req.serviceContext
        let found = try await CaseService(services).enforcementCase(caseID)
        let queries = ActivityQueries(database: req.db)
        let rows = try await ActivityModel.query(on: req.db).filter(\.$caseID == caseID).sort(\.$startedAt).all()
        var activities: [CasePage.Row] = []
        for row in rows {
            guard let id = row.id, let activity = try await queries.activity(id) else { continue }
            let officers = try await queries.officers(activity.officerIDs).map(\.name).joined(separator: "、")
            activities.append(.init(url: URLs.staffActivity.path(id), started: ShanghaiTime.chinese(activity.startedAt),
                                    kindName: activity.kind.chineseName, site: activity.site.address, officers: officers))
        }
        let counterparty = try await CounterpartyModel.find(found.counterpartyID, on: req.db)?.name ?? ""
        let archiveQueries = ArchiveQueries(database: req.db)
        let closure = try await archiveQueries.closure(caseID)?.closure
        let archived = try await archiveQueries.archive(caseID: caseID)
        let user = try req.staff
        return try await req.view.render("staff/case", CasePage(
            ctx: try StaffContext(req), id: caseID.uuidString.lowercased(), number: found.number, title: found.title,
            kindName: found.kind.chineseName, counterparty: counterparty, openedOn: found.openedOn.chinese,
            activities: activities, canAdd: try req.staff.may(.createActivity),
            newActivityURL: URLs.staffNewActivity.url + "?case=" + caseID.uuidString.lowercased(),
            closedOn: closure?.closedOn.chinese, closingSummary: closure?.summary,
            canClose: closure == nil && user.may(.closeCase), today: services.clock.today.description,
            archiveURL: closure != nil && archived == nil && user.may(.viewArchives) ? URLs.staffArchiveCase.path(caseID) : nil,
            packageURL: archived != nil && user.may(.viewArchives) ? archived.map { URLs.staffArchivePackage.path($0.packageID) } : nil,
            notice: req.query[String.self, at: "notice"] == "closed" ? "已结案。结案后仍可补充记录资料，归档后不能再添加。" : nil))
    }
}
