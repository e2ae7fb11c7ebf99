import Persistence
import Services
import Vapor

/// An RFC 9457 problem: a stable English `type` slug for programs, Chinese `title` and
/// `detail` for people, and per-field `errors` where a form was refused (ARCHITECTURE "Errors").
public struct Problem: Error, Content, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var errors: [String: String]?
    /// For 429 and 503: seconds until a retry may succeed, sent as `Retry-After` (issue 12 item 7),
    /// not in the body.
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
    }

    public init(_ status: HTTPResponseStatus, type: String, title: String, detail: String, errors: [String: String]? = nil) {
        self.type = type
        self.title = title
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
    }

    public static func badRequest(_ type: String, _ detail: String, errors: [String: String]? = nil) -> Problem {
        Problem(.badRequest, type: type, title: "请求有误", detail: detail, errors: errors)
    }

    /// Too many requests (429) or too busy (503), with `Retry-After`.
    public static func tryLater(_ status: HTTPResponseStatus, type: String, detail: String, retryAfter: Int) -> Problem {
        var problem = Problem(status, type: type, title: status == .tooManyRequests ? "请求过于频繁" : "服务繁忙", detail: detail)
        problem.retryAfter = retryAfter
        return problem
    }

    public static func notFound(_ detail: String = "请求的资源不存在。") -> Problem {
        Problem(.notFound, type: "not-found", title: "未找到", detail: detail)
    }

    public static func unprocessable(_ type: String, _ detail: String, errors: [String: String]? = nil) -> Problem {
        Problem(.unprocessableEntity, type: type, title: "无法处理", detail: detail, errors: errors)
    }

    /// A write the storage refused (`StorageFault`; issue 17 item 4, docs/reliability.md "Faults"):
    /// 507 when the disk is full, 503 with `Retry-After` when it failed. The write was not
    /// acknowledged, whatever it left; what was acknowledged before is not affected.
    static func storage(_ fault: StorageFault) -> Problem {
        switch fault {
        case .full:
            return Problem(.insufficientStorage, type: "insufficient-storage", title: "存储空间不足",
                           detail: "服务器存储空间已满，本次操作未能完成（此前已确认保存的内容不受影响）。请通知系统管理员扩充存储后重试；上传请先用 HEAD 查询偏移量再续传。")
        case .failed:
            var problem = Problem(.serviceUnavailable, type: "storage-failed", title: "存储暂不可用",
                                  detail: "服务器写入存储时出错，本次操作未能确认完成（此前已确认保存的内容不受影响）。请稍后查询后重试；上传请先用 HEAD 查询偏移量再续传。")
            problem.retryAfter = 30
            return problem
        }
    }

    /// The Chinese title and slug used for errors that carry only a status.
    static func generic(_ status: HTTPResponseStatus) -> Problem {
        let (type, title): (String, String) = switch status.code {
        case 400: ("bad-request", "请求有误")
        case 401: ("unauthenticated", "需要登录")
        case 403: ("forbidden", "无权操作")
        case 404: ("not-found", "未找到")
        case 405: ("method-not-allowed", "不允许的操作")
        case 409: ("conflict", "与现有数据冲突")
        case 413: ("payload-too-large", "内容过大")
        case 415: ("unsupported-media-type", "不支持的内容类型")
        case 422: ("unprocessable", "无法处理")
        case 429: ("too-many-requests", "请求过于频繁")
        case 503: ("unavailable", "服务暂不可用")
        default: status.code >= 500 ? ("internal-error", "服务器内部错误") : ("http-\(status.code)", status.reasonPhrase)
        }
        return Problem(status, type: type, title: title, detail: title + "。")
    }
}

extension Problem {
    /// A service's refusal as a problem: the HTTP status for its kind, its type, texts and fields.
    public init(_ refusal: ServiceRefusal) {
        self.init(refusal.httpStatus, type: refusal.type, title: refusal.title, detail: refusal.detail,
                  errors: refusal.errors.isEmpty ? nil : refusal.errors)
        // The service limits (ID-number lookups, correction requests) count per hour.
        if refusal.kind == .tooManyRequests { retryAfter = 3600 }
    }
}

extension ServiceRefusal {
    /// The HTTP status for a refusal of this kind, for the API and the re-rendered staff forms.
    var httpStatus: HTTPResponseStatus {
        switch kind {
        case .malformed: .badRequest
        case .invalid: .unprocessableEntity
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooManyRequests: .tooManyRequests
        }
    }
}
