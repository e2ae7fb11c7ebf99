import Domain

/// Why a service did not do what it was asked, free of any transport (ARCHITECTURE "Services"):
/// a stable English `type` for programs, a Chinese `title` and `detail` for people, and per-field
/// `errors` where input was refused. The API turns it into problem+json, the staff pages into a
/// re-rendered form or a Chinese error page, the CLI into one line.
public struct ServiceRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of refusal, which each door maps to its own terms (HTTP: 400, 403, 404, 409, 422, 429).
    public enum Kind: Sendable, Equatable {
        /// The input cannot be read (a malformed value, an unknown slug).
        case malformed
        /// The input was read but breaks a rule; `errors` says where.
        case invalid
        /// The acting staff member may not do this.
        case forbidden
        /// What the input names does not exist.
        case notFound
        /// The step does not fit the current state (already decided, already exists, …).
        case conflict
        /// Too many attempts of a throttled kind; try again later (HTTP 429; issue 12 items 6 and 9).
        case tooManyRequests
    }

    public var kind: Kind
    public var type: String
    public var title: String
    public var detail: String
    public var errors: [String: String]

    public init(_ kind: Kind, type: String, title: String? = nil, detail: String, errors: [String: String] = [:]) {
        self.kind = kind
        self.type = type
        self.title = title ?? Self.defaultTitle(kind)
        self.detail = detail
        self.errors = errors
    }

    public var description: String { "\(type): \(detail)" }

    public static func notFound(_ detail: String) -> ServiceRefusal {
        ServiceRefusal(.notFound, type: "not-found", detail: detail)
    }

    public static func invalid(_ type: String, _ detail: String, errors: [String: String] = [:]) -> ServiceRefusal {
        ServiceRefusal(.invalid, type: type, detail: detail, errors: errors)
    }

    public static func malformed(_ type: String, _ detail: String, errors: [String: String] = [:]) -> ServiceRefusal {
        ServiceRefusal(.malformed, type: type, detail: detail, errors: errors)
    }

    static func defaultTitle(_ kind: Kind) -> String {
        switch kind {
        case .malformed: "请求有误"
        case .invalid: "无法处理"
        case .forbidden: "无权操作"
        case .notFound: "未找到"
        case .conflict: "与现有数据冲突"
        case .tooManyRequests: "请求过于频繁"
        }
    }
}

extension ServiceRefusal {
    /// SPEC P11 refusals: who may not act is forbidden, a step that does not fit the state is a
    /// conflict, incomplete content is invalid with the field problems.
    public init(_ error: PublicationError) {
        switch error {
        case .notPermitted, .legalSectionOnly, .drafterCannotApprove:
            self.init(.forbidden, type: "publication-forbidden", detail: error.message)
        case .notAllowed, .correctionPending, .noCorrectionPending, .periodNotEnded, .minimumPeriodNotReached:
            self.init(.conflict, type: "publication-not-allowed", title: "无法处理", detail: error.message)
        case .invalidContent(let problems):
            self.init(.invalid, type: "invalid-publication", detail: error.message, errors: problems)
        case .reasonRequired, .commentRequired, .versionMismatch, .periodCategoryMismatch:
            self.init(.invalid, type: "invalid-publication", detail: error.message)
        }
    }
}

extension StaffMember {
    /// Refuses with `forbidden` when this member's role may not take `action` (SPEC X5). Every
    /// service checks the right itself, whatever door calls it; the doors check it too.
    func require(_ action: Action) throws {
        guard may(action) else {
            throw ServiceRefusal(.forbidden, type: "forbidden", detail: "您的角色无权\(action.chineseName)。")
        }
    }
}
