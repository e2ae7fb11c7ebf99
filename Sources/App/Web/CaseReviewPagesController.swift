import Domain
import Fluent
import Persistence
import Services
import Vapor

/// 案卷评查 in the browser (issue 15 item 2; SPEC R12, R13): the desk (closed cases to review,
/// samples, reviews with paging and search, overdue rectifications), the sample form, the review
/// page of one case (its checklist with the evidence, the score form), the responsible unit's
/// findings and the page of one finding (the rectification form; accepting or sending back). Every
/// refusal re-renders the form with what was typed and says why.
struct CaseReviewPagesController: RouteCollection {
    static let pageSize = 20

    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffCaseReviews.components, action: .viewCaseReviews, use: desk)
        // Committing a sample's draw is the draw's own action (issue 15 item 1).
        routes.staff(.GET, URLs.staffCaseReviewSample.components, action: .planCaseReview, use: sampleForm)
        routes.staff(.POST, URLs.staffCaseReviewSample.components, action: .planCaseReview, use: sample)
        routes.staff(.GET, URLs.staffCaseReviewCase.components, action: .viewCaseReviews, use: reviewPage)
        routes.staff(.POST, URLs.staffCaseReviewCase.components, action: .reviewCases, use: submit)
        routes.staff(.GET, URLs.staffReviewFindings.components, action: .answerReviewFindings, use: unitFindings)
        // Seen by the legal section and leadership (viewCaseReviews) and by the responsible unit:
        // checked in the handler.
        routes.staff(.GET, URLs.staffReviewFinding.components, action: nil, use: findingPage)
        routes.staff(.POST, URLs.staffReviewFinding.components, action: .answerReviewFindings, use: answer)
        routes.staff(.POST, URLs.staffReviewFindingStep.components, action: .reviewCases, use: step)
    }

    static func service(_ req: Request) -> CaseReviewService {
        CaseReviewService(req.serviceContext, rectificationWorkdays: req.application.lawTrail.config.caseReviewRectificationWorkdays)
    }

    static func notice(_ key: String?) -> String? {
        switch key {
        case "reviewed": "评查结果已提交，发现的问题已交承办单位限期整改。"
        case "sampled": "抽样已承诺：各参与方提交密文后即可运行抽取，抽中的案件显示在下方。"
        case "answered": "整改情况已报送，等待法制宣传科验收。"
        case "closed": "整改已验收，问题已销号。"
        case "sent-back": "已退回，承办单位须重新整改。"
        default: nil
        }
    }

    // MARK: The desk

    struct DeskPage: Content {
        struct Waiting: Content {
            let url: String
            let number: String
            let kind: String
            let closedOn: String
            let sampled: Bool
        }
        struct Reviewed: Content {
            let url: String
            let number: String
            let kind: String
            let reviewedOn: String
            let score: Int
        }
        struct Finding: Content {
            let url: String
            let number: String
            let text: String
            let state: String
            let dueOn: String
        }
        struct Sample: Content {
            let period: String
            let share: String
            let strata: [String]
            let drawID: String
            let drawURL: String
            let completed: Bool
            let drawn: [Waiting]
        }
        let ctx: StaffContext
        let query: String
        let waiting: [Waiting]
        let waitingTotal: Int
        let reviews: [Reviewed]
        let reviewTotal: Int
        let overdue: [Finding]
        let samples: [Sample]
        let page: Int
        let previousURL: String?
        let nextURL: String?
        let canReview: Bool
        let canSample: Bool
    }

    @Sendable
    func desk(req: Request) async throws -> View {
        let query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        let queries = CaseReviewQueries(database: req.db)
        let today = req.application.lawTrail.today
        let samples = try await queries.samples(offset: 0, limit: 10).rows
        let service = Self.service(req)
        var drawnBySample: [UUID: [UUID]] = [:]
        for sample in samples { drawnBySample[sample.id] = try await service.drawnCases(sample) }
        let sampled = Set(drawnBySample.values.flatMap { $0 })
        let units = try await Self.unitNames(req)
        let (reviewRows, reviewTotal) = try await queries.reviews(search: query, offset: (page - 1) * Self.pageSize, limit: Self.pageSize)
        let reviewed = try await queries.reviewedCaseIDs()
        let closed = try await queries.closedCases(from: CivilDate(year: 2000, month: 1, day: 1)!, to: today)
            .filter { !reviewed.contains($0.caseID) && (query.isEmpty || $0.number.contains(query)) }
            .sorted { ($0.closedOn, $0.number) > ($1.closedOn, $1.number) }
        let waiting = closed.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize).map {
            DeskPage.Waiting(
                url: URLs.staffCaseReviewCase.path($0.caseID), number: $0.number, kind: $0.kind.chineseName, closedOn: $0.closedOn.chinese,
                sampled: sampled.contains($0.caseID))
        }
        let overdue = try await queries.overdue(today: today).map(Self.findingLine)
        let more = page * Self.pageSize < max(closed.count, reviewTotal)
        func link(_ number: Int) -> String {
            URLs.staffCaseReviews.url + "?page=\(number)" + (query.isEmpty ? "" : "&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return try await req.view.render("staff/case-reviews", DeskPage(
            ctx: try StaffContext(req), query: query, waiting: Array(waiting), waitingTotal: closed.count,
            reviews: reviewRows.map {
                .init(url: URLs.staffCaseReviewCase.path($0.review.caseID), number: $0.caseNumber, kind: $0.review.kind.chineseName,
                      reviewedOn: $0.review.reviewedOn.chinese, score: $0.review.score)
            },
            reviewTotal: reviewTotal, overdue: overdue,
            samples: samples.map { sample in
                let cases = Dictionary(sample.strata.flatMap(\.cases).map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
                let drawn = drawnBySample[sample.id]
                return .init(
                    period: "\(sample.from.chinese)至\(sample.to.chinese)", share: Self.percent(sample.shareBasisPoints),
                    strata: sample.strata.map { "\(units[$0.unitID] ?? "未知单位") · \($0.kind.chineseName)：\($0.cases.count) 件中抽取 \($0.count) 件" },
                    drawID: sample.drawID.uuidString.lowercased(), drawURL: URLs.staffDraw.path(sample.drawID), completed: drawn != nil,
                    drawn: (drawn ?? []).compactMap { cases[$0] }.map {
                        .init(url: URLs.staffCaseReviewCase.path($0.caseID), number: $0.number, kind: $0.kind.chineseName,
                              closedOn: $0.closedOn.chinese, sampled: true)
                    })
            },
            page: page, previousURL: page > 1 ? link(page - 1) : nil, nextURL: more ? link(page + 1) : nil,
            canReview: try req.staff.may(.reviewCases), canSample: try req.staff.may(.planCaseReview)))
    }

    static func percent(_ points: Int) -> String {
        points % 100 == 0 ? "\(points / 100)" : String(format: "%.2f", Double(points) / 100)
    }

    static func findingLine(_ row: CaseReviewQueries.FindingRow) -> DeskPage.Finding {
        .init(url: URLs.staffReviewFinding.path(row.finding.id), number: row.caseNumber, text: row.finding.text,
              state: row.state.chineseName, dueOn: Self.due(row))
    }

    /// The deadline in force; an estimate says so (SPEC X1).
    static func due(_ row: CaseReviewQueries.FindingRow) -> String {
        row.dueOn.chinese + (row.dueEstimated ? "（估算：所涉年度节假日安排尚未导入）" : "")
    }

    static func unitNames(_ req: Request) async throws -> [UUID: String] {
        Dictionary(try await UnitModel.query(on: req.db).all().map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Sampling

    struct SamplePage: Content {
        struct Party: Content {
            let index: Int
            let name: String
            let digest: String
        }
        let ctx: StaffContext
        let from: String
        let to: String
        let share: String
        let parties: [Party]
        let error: String?
        let errors: [String]
    }

    struct SampleForm: Content {
        var from: String?
        var to: String?
        var share: String?
        var party0: String?
        var digest0: String?
        var party1: String?
        var digest1: String?
        var party2: String?
        var digest2: String?

        var typedParties: [(String, String)] {
            [(party0, digest0), (party1, digest1), (party2, digest2)].map { ($0.0 ?? "", $0.1 ?? "") }
        }
    }

    @Sendable
    func sampleForm(req: Request) async throws -> View {
        let today = req.application.lawTrail.today
        return try await req.view.render("staff/case-review-sample", SamplePage(
            ctx: try StaffContext(req), from: CivilDate(year: today.year, month: 1, day: 1)!.description, to: today.description,
            share: "10",
            parties: [.init(index: 0, name: "法制宣传科", digest: ""), .init(index: 1, name: "局领导/监督人员", digest: ""), .init(index: 2, name: "", digest: "")],
            error: nil, errors: []))
    }

    @Sendable
    func sample(req: Request) async throws -> Response {
        let form = try req.content.decode(SampleForm.self)
        func refuse(_ refusal: ServiceRefusal) async throws -> Response {
            try await req.view.render("staff/case-review-sample", SamplePage(
                ctx: try StaffContext(req), from: form.from ?? "", to: form.to ?? "", share: form.share ?? "",
                parties: form.typedParties.enumerated().map { .init(index: $0.offset, name: $0.element.0, digest: $0.element.1) },
                error: refusal.detail,
                errors: refusal.errors.sorted { $0.key < $1.key }.map(\.value))
            ).encodeResponse(status: refusal.httpStatus, for: req)
        }
        do {
            _ = try await req.loggingRefusal("case review sample") {
                try await Self.service(req).sample(
                    from: form.from ?? "", to: form.to ?? "", share: form.share ?? "",
                    parties: form.typedParties
                        .map { (name: $0.0.trimmingCharacters(in: .whitespaces), digest: $0.1.trimmingCharacters(in: .whitespaces).lowercased()) }
                        .filter { !$0.name.isEmpty || !$0.digest.isEmpty }
                        .map { DrawPartyCommitment(party: $0.name, secretSHA256: $0.digest) },
                    by: try req.staff)
            }
            return req.redirect(to: URLs.staffCaseReviews.url + "?notice=sampled", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await refuse(refusal)
        }
    }

    // MARK: Reviewing one case

    struct ReviewPage: Content {
        struct Item: Content {
            let index: Int
            let key: String
            let group: String
            let title: String
            let automatic: String
            let automaticValue: String
            let evidence: [String]
            let options: [RetrievalPagesController.Option]
            let reason: String
            let outcome: String?
        }
        struct Group: Content {
            let name: String
            let weight: Int
            let points: String
        }
        struct Finding: Content {
            let url: String
            let text: String
            let state: String
            let dueOn: String
            let overdue: Bool
        }
        let ctx: StaffContext
        let notice: String?
        let id: String
        let number: String
        let title: String
        let caseURL: String
        let unit: String
        let kind: String
        let closedOn: String?
        let items: [Item]
        let groups: [Group]
        let reviewed: Bool
        let score: Int?
        let reviewedOn: String?
        let comment: String
        let extraFindings: String
        let findings: [Finding]
        let ownCase: Bool
        let canReview: Bool
        let error: String?
        let errors: [String]
    }

    @Sendable
    func reviewPage(req: Request) async throws -> Response {
        try await renderReview(req, caseID: try req.uuidParameter("id"), typed: nil, error: nil)
            .encodeResponse(for: req)
    }

    struct Typed {
        var outcomes: [String: String] = [:]
        var reasons: [String: String] = [:]
        var comment = ""
        var extraFindings = ""
    }

    private func renderReview(_ req: Request, caseID: UUID, typed: Typed?, error: ServiceRefusal?) async throws -> View {
        let service = Self.service(req)
        let found = try await CaseService(req.serviceContext).enforcementCase(caseID)
        let closure = try await ArchiveQueries(database: req.db).closure(caseID)
        let units = try await Self.unitNames(req)
        let queries = CaseReviewQueries(database: req.db)
        let today = req.application.lawTrail.today
        let stored = try await queries.review(caseID: caseID)
        var checklist = stored?.review.checklist
        if checklist == nil, closure != nil { checklist = try await service.checklist(caseID: caseID).checklist }
        let outcomes = stored?.review.outcomes ?? [:]
        let reasons = Dictionary(stored?.review.judgements.compactMap { j in j.reason.map { (j.key, $0) } } ?? [], uniquingKeysWith: { a, _ in a })
        let items = (checklist?.items ?? []).enumerated().map { index, item in
            let chosen = typed?.outcomes[item.key] ?? outcomes[item.key]?.rawValue ?? item.automatic.rawValue
            return ReviewPage.Item(
                index: index, key: item.key, group: item.group.chineseName, title: item.title, automatic: item.automatic.chineseName,
                automaticValue: item.automatic.rawValue, evidence: item.evidence,
                options: ReviewOutcome.allCases.map { .init(value: $0.rawValue, label: $0.chineseName, selected: $0.rawValue == chosen) },
                reason: typed?.reasons[item.key] ?? reasons[item.key] ?? "",
                outcome: stored == nil ? nil : (outcomes[item.key] ?? item.automatic).chineseName)
        }
        var groups: [ReviewPage.Group] = []
        if let checklist {
            let score = CaseReviewRules.score(checklist, outcomes: outcomes)
            groups = ReviewItemGroup.allCases.map {
                .init(name: $0.chineseName, weight: $0.weight, points: String(format: "%.1f", score.byGroup[$0] ?? 0))
            }
        }
        let findings = stored == nil ? [] : try await queries.findings(reviewID: stored!.review.id).map {
            ReviewPage.Finding(url: URLs.staffReviewFinding.path($0.finding.id), text: $0.finding.text, state: $0.state.chineseName,
                               dueOn: Self.due($0), overdue: $0.isOverdue(today: today))
        }
        let staff = try req.staff
        let own = try await service.isOwnCase(caseID, staff: staff)
        return try await req.view.render("staff/case-review", ReviewPage(
            ctx: try StaffContext(req), notice: Self.notice(req.query[String.self, at: "notice"]), id: caseID.uuidString.lowercased(),
            number: found.number, title: found.title, caseURL: URLs.staffCase.path(caseID), unit: units[found.unitID] ?? "",
            kind: found.kind.chineseName, closedOn: closure?.closure.closedOn.chinese, items: items, groups: groups,
            reviewed: stored != nil, score: stored?.review.score, reviewedOn: stored?.review.reviewedOn.chinese,
            comment: typed?.comment ?? stored?.review.comment ?? "", extraFindings: typed?.extraFindings ?? "", findings: findings,
            ownCase: own, canReview: staff.may(.reviewCases) && stored == nil && closure != nil && !own,
            error: error?.detail, errors: error?.errors.sorted { $0.key < $1.key }.map(\.value) ?? []))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let caseID = try req.uuidParameter("id")
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        var typed = Typed(comment: fields["comment"] ?? "", extraFindings: fields["extraFindings"] ?? "")
        var judgements: [ReviewJudgement] = []
        var index = 0
        while let key = fields["k\(index)"], index < 10_000 {
            let outcome = fields["o\(index)"].flatMap(ReviewOutcome.init(rawValue:))
            let reason = (fields["r\(index)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            typed.outcomes[key] = fields["o\(index)"]
            typed.reasons[key] = fields["r\(index)"]
            if let outcome, outcome.rawValue != fields["a\(index)"] || !reason.isEmpty {
                judgements.append(ReviewJudgement(key: key, outcome: outcome, reason: reason.isEmpty ? nil : reason))
            }
            index += 1
        }
        let extra = typed.extraFindings.split(whereSeparator: \.isNewline).map(String.init)
        do {
            _ = try await req.loggingRefusal("case review of \(caseID.uuidString.lowercased())") {
                try await Self.service(req).submit(
                    caseID: caseID, .init(judgements: judgements, extraFindings: extra, comment: typed.comment), by: try req.staff)
            }
            return req.redirect(to: URLs.staffCaseReviewCase.path(caseID) + "?notice=reviewed", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderReview(req, caseID: caseID, typed: typed, error: refusal).encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    // MARK: Findings of a unit

    struct UnitFindingsPage: Content {
        let ctx: StaffContext
        let unit: String?
        let findings: [DeskPage.Finding]
        let overdue: [String]
    }

    @Sendable
    func unitFindings(req: Request) async throws -> View {
        let staff = try req.staff
        let today = req.application.lawTrail.today
        let rows = staff.unitID == nil ? [] : try await CaseReviewQueries(database: req.db).findings(unitID: staff.unitID)
        let units = try await Self.unitNames(req)
        return try await req.view.render("staff/review-findings", UnitFindingsPage(
            ctx: try StaffContext(req), unit: staff.unitID.flatMap { units[$0] }, findings: rows.reversed().map(Self.findingLine),
            overdue: rows.filter { $0.isOverdue(today: today) }.map { URLs.staffReviewFinding.path($0.finding.id) }))
    }

    // MARK: One finding

    struct FindingPage: Content {
        struct Step: Content {
            let kind: String
            let on: String
            let text: String
            let dueOn: String?
            let records: [String]
        }
        struct RecordOption: Content {
            let id: String
            let label: String
            let checked: Bool
        }
        let ctx: StaffContext
        let notice: String?
        let id: String
        let number: String
        let reviewURL: String
        let text: String
        let sentOn: String
        let dueOn: String
        let state: String
        let overdue: Bool
        let steps: [Step]
        let records: [RecordOption]
        let canAnswer: Bool
        let canDecide: Bool
        let answerText: String
        let comment: String
        let error: String?
        let errors: [String]
    }

    @Sendable
    func findingPage(req: Request) async throws -> Response {
        try await renderFinding(req, id: try req.uuidParameter("id"), answerText: "", recordIDs: [], comment: "", error: nil)
    }

    private func renderFinding(
        _ req: Request, id: UUID, answerText: String, recordIDs: Set<UUID>, comment: String, error: ServiceRefusal?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let staff = try req.staff
        let row = try await Self.service(req).finding(id)
        let ownUnit = staff.unitID == row.finding.unitID && staff.may(.answerReviewFindings)
        guard staff.may(.viewCaseReviews) || ownUnit else {
            try await RefusalLog.record(req, userID: staff.id, reason: "review finding of another unit (web)")
            return try await StaffPages.message(req, status: .forbidden, title: "无权操作", text: "只有法制宣传科、局领导和被评查案件的承办单位可以查看该问题。")
        }
        let records = try await RecordModel.query(on: req.db).filter(\.$caseID == row.finding.caseID).sort(\.$createdAt).all()
        let today = req.application.lawTrail.today
        return try await req.view.render("staff/review-finding", FindingPage(
            ctx: try StaffContext(req), notice: Self.notice(req.query[String.self, at: "notice"]), id: id.uuidString.lowercased(),
            number: row.caseNumber, reviewURL: URLs.staffCaseReviewCase.path(row.finding.caseID), text: row.finding.text,
            sentOn: row.finding.sentOn.chinese, dueOn: Self.due(row), state: row.state.chineseName, overdue: row.isOverdue(today: today),
            steps: row.steps.map {
                .init(kind: $0.kind.chineseName, on: $0.on.chinese, text: $0.text, dueOn: $0.dueOn?.chinese,
                      records: $0.recordIDs.map { $0.uuidString.lowercased() })
            },
            records: try records.map {
                let record = try $0.domain()
                return .init(id: record.id.uuidString.lowercased(), label: record.kind.chineseName + " " + record.id.uuidString.lowercased().prefix(8),
                             checked: recordIDs.contains(record.id))
            },
            canAnswer: ownUnit && row.state == .awaitingRectification,
            canDecide: staff.may(.reviewCases) && row.state == .awaitingAcceptance,
            answerText: answerText, comment: comment, error: error?.detail,
            errors: error?.errors.sorted { $0.key < $1.key }.map(\.value) ?? [])
        ).encodeResponse(status: status, for: req)
    }

    struct AnswerForm: Content {
        var text: String?
        var recordIds: [String]?
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(AnswerForm.self)
        let recordIDs = (form.recordIds ?? []).compactMap(UUID.init(uuidString:))
        do {
            _ = try await req.loggingRefusal("rectification of finding \(id.uuidString.lowercased())") {
                try await Self.service(req).answer(findingID: id, text: form.text ?? "", recordIDs: recordIDs, by: try req.staff)
            }
            return req.redirect(to: URLs.staffReviewFinding.path(id) + "?notice=answered", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderFinding(req, id: id, answerText: form.text ?? "", recordIDs: Set(recordIDs), comment: "", error: refusal, status: refusal.httpStatus)
        }
    }

    struct StepForm: Content {
        var decision: String?
        var comment: String?
    }

    @Sendable
    func step(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let form = try req.content.decode(StepForm.self)
        let service = Self.service(req)
        do {
            let notice = try await req.loggingRefusal("decision on finding \(id.uuidString.lowercased())") { () async throws -> String in
                switch form.decision {
                case "close":
                    _ = try await service.close(findingID: id, comment: form.comment ?? "", by: try req.staff)
                    return "closed"
                case "send-back":
                    _ = try await service.sendBack(findingID: id, reason: form.comment ?? "", by: try req.staff)
                    return "sent-back"
                default:
                    throw ServiceRefusal.invalid("invalid-finding-step", "请选择验收通过或退回。", errors: ["decision": "请选择验收通过或退回"])
                }
            }
            return req.redirect(to: URLs.staffReviewFinding.path(id) + "?notice=\(notice)", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await renderFinding(req, id: id, answerText: "", recordIDs: [], comment: form.comment ?? "", error: refusal, status: refusal.httpStatus)
        }
    }
}
