import Domain
import Fluent
import Persistence
import Services
import Vapor

/// 公示期限 (issue 13 item 4; SPEC P7.5): the legal section's page for the publicity periods — the
/// policy in force, every version with its effective date, and a form to set a new version from a
/// day on. The same `PublicityPolicyService` as the API; the page only reads the form and renders.
struct PublicityPolicyPagesController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.staff(.GET, URLs.staffPublicityPolicy.components, action: .managePublicityPolicy, use: show)
        routes.staff(.POST, URLs.staffPublicityPolicy.components, action: .managePublicityPolicy, use: change)
    }

    struct Page: Content {
        struct Row: Content {
            let slug: String
            let name: String
            let inForce: String
            let type: String
            let minimum: String
            let maximum: String
            let error: String?
            let isMonths: Bool
            let isUntilValidityEnds: Bool
            let isUntilWithdrawn: Bool
            let isNotListed: Bool
        }
        struct Version: Content {
            let effectiveFrom: String
            let changed: String
            let reason: String
            let inForce: Bool
            let durations: String
        }
        let ctx: StaffContext
        let inForceFrom: String
        let rows: [Row]
        let versions: [Version]
        let hasVersions: Bool
        let effectiveFrom: String
        let reason: String
        let effectiveFromError: String?
        let reasonError: String?
        let error: String?
        let done: String?
    }

    @Sendable
    func show(req: Request) async throws -> View {
        try await render(req, typed: nil, errors: [:], error: nil,
                         done: req.query[String.self, at: "done"] == "1" ? "已保存。新的公示期限自生效日期起用于审核通过后发布的公示信息。" : nil)
    }

    @Sendable
    func change(req: Request) async throws -> Response {
        var dtos: [String: PublicityDurationDTO] = [:]
        var typed: [String: (String, String, String)] = [:]
        for category in PublicityCategory.allCases {
            let slug = category.rawValue
            let type = (try? req.content.get(String.self, at: "type.\(slug)")) ?? ""
            let minimum = ((try? req.content.get(String.self, at: "min.\(slug)")) ?? "").trimmingCharacters(in: .whitespaces)
            let maximum = ((try? req.content.get(String.self, at: "max.\(slug)")) ?? "").trimmingCharacters(in: .whitespaces)
            typed[slug] = (type, minimum, maximum)
            dtos[slug] = PublicityDurationDTO(type: type, minimum: Int(minimum), maximum: Int(maximum))
        }
        let effectiveText = (try? req.content.get(String.self, at: "effectiveFrom")) ?? ""
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        var errors: [String: String] = [:]
        let effectiveFrom = CivilDate(iso: effectiveText)
        if effectiveFrom == nil { errors["effectiveFrom"] = "请填写生效日期（YYYY-MM-DD）" }
        for (slug, value) in typed where value.0 == "months" {
            if (!value.1.isEmpty && Int(value.1) == nil) || Int(value.2) == nil { errors[slug] = "公示期应填写整数月数" }
        }
        var durations: [PublicityCategory: PublicityDuration] = [:]
        switch PublicityPolicyInput.durations(dtos) {
        case .success(let read): durations = read
        case .failure(let problem): errors.merge(problem.errors) { first, _ in first }
        }
        let form = Typed(durations: typed, effectiveFrom: effectiveText, reason: reason)
        guard errors.isEmpty, let effectiveFrom else {
            return try await render(req, typed: form, errors: errors, error: "公示期限设置有误，请按提示修改。")
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await PublicityPolicyService(req.serviceContext)
                .change(durations: durations, effectiveFrom: effectiveFrom, reason: reason, by: try req.staff)
            return req.redirect(to: URLs.staffPublicityPolicy.url + "?done=1", redirectType: .normal)
        } catch let refusal as ServiceRefusal {
            return try await render(req, typed: form, errors: refusal.errors, error: refusal.detail)
                .encodeResponse(status: refusal.httpStatus, for: req)
        }
    }

    struct Typed {
        let durations: [String: (String, String, String)]
        let effectiveFrom: String
        let reason: String
    }

    private func render(_ req: Request, typed: Typed?, errors: [String: String], error: String?, done: String? = nil) async throws -> View {
        let services = req.serviceContext
        let today = services.clock.today
        let schedule = try await PublicityPolicyService(services).schedule()
        let current = schedule.version(on: today)
        let policy = schedule.policy(on: today)
        let rows = PublicityCategory.allCases.map { category -> Page.Row in
            let dto = PublicityDurationDTO(policy.duration(for: category))
            let shown = typed?.durations[category.rawValue] ?? (dto.type, dto.minimum.map(String.init) ?? "", dto.maximum.map(String.init) ?? "")
            return Page.Row(
                slug: category.rawValue, name: category.chineseName, inForce: policy.duration(for: category).chineseDescription,
                type: shown.0, minimum: shown.1, maximum: shown.2, error: errors[category.rawValue],
                isMonths: shown.0 == "months", isUntilValidityEnds: shown.0 == "until-validity-ends",
                isUntilWithdrawn: shown.0 == "until-withdrawn", isNotListed: shown.0 == "not-listed")
        }
        let versions = schedule.versions.reversed().map { version in
            Page.Version(
                effectiveFrom: version.effectiveFrom.chinese, changed: ShanghaiTime.chinese(version.changedAt), reason: version.reason,
                inForce: version.id == current?.id,
                durations: PublicityCategory.allCases.map { "\($0.chineseName)：\(version.policy.duration(for: $0).chineseDescription)" }
                    .joined(separator: "；"))
        }
        return try await req.view.render("staff/publicity-policy", Page(
            ctx: try StaffContext(req),
            inForceFrom: current.map { "自\($0.effectiveFrom.chinese)起施行的版本" } ?? "系统启动时的默认设置（尚未保存调整）",
            rows: rows, versions: Array(versions), hasVersions: !versions.isEmpty,
            effectiveFrom: typed?.effectiveFrom ?? today.description, reason: typed?.reason ?? "",
            effectiveFromError: errors["effectiveFrom"], reasonError: errors["reason"], error: error, done: done))
    }
}
