import Domain
import Vapor

/// The refusals of the upload protocol, each with a stable English `type` and a Chinese detail
/// that tells the uploader what to do next (ARCHITECTURE "Errors"; docs/uploads.md lists them).
enum UploadProblems {
    /// 413 at creation: the declared length is over `AppConfig.maxUploadBytes` (issue 4 item 3:
    /// "over it → 413 with a clear message").
    static func tooLarge(length: UInt64, limit: UInt64) -> Problem {
        Problem(.payloadTooLarge, type: "payload-too-large", title: "内容过大",
                detail: "文件大小 \(byteText(length)) 超过上限 \(byteText(limit))，不予接收。",
                errors: ["length": "不得超过 \(limit) 字节"])
    }

    /// 413 during a PATCH: bytes beyond the declared length are not kept.
    static func beyondLength(_ length: UInt64) -> Problem {
        Problem(.payloadTooLarge, type: "upload-length-exceeded", title: "内容过大",
                detail: "上传的内容超出了创建上传时声明的文件大小（\(length) 字节），超出部分未予保存。")
    }

    static func offsetMismatch(sent: UInt64, stored: UInt64) -> Problem {
        Problem(.conflict, type: "offset-mismatch", title: "偏移量不符",
                detail: "请求的 Upload-Offset 为 \(sent)，但服务器已保存 \(stored) 字节；请先用 HEAD 查询偏移量，再从该位置续传。")
    }

    static func mediaTypeMismatch(_ error: MediaTypeError) -> Problem {
        Problem(.unprocessableEntity, type: "media-type-mismatch", title: "文件类型不符",
                detail: error.message + "。已接收的部分已删除。")
    }

    static func sha256Mismatch(declared: String, actual: String) -> Problem {
        Problem(.unprocessableEntity, type: "sha256-mismatch", title: "校验值不符",
                detail: "文件的 SHA-256（\(actual)）与声明的（\(declared)）不符，文件未予保存；请从偏移量 0 重新上传。")
    }

    /// The PATCH was ended because no bytes came for the idle limit (`IdleWatch`).
    static func idle(stored: UInt64) -> Problem {
        Problem(.requestTimeout, type: "upload-idle", title: "上传中断",
                detail: "长时间未收到数据，本次传输已结束；已保存 \(stored) 字节，请用 HEAD 查询偏移量后续传。")
    }

    /// The body ended or failed before the bytes the request announced.
    static func incompleteBody(stored: UInt64) -> Problem {
        Problem(.badRequest, type: "upload-interrupted", title: "上传中断",
                detail: "连接在传输中断开；已保存 \(stored) 字节，请用 HEAD 查询偏移量后续传。")
    }

    static let expired = Problem(
        .gone, type: "upload-expired", title: "上传已过期",
        detail: "上传须在创建后 24 小时内完成；该上传已过期，请重新创建上传。")

    static let busy = Problem(
        .locked, type: "upload-locked", title: "上传正在写入",
        detail: "该上传正由另一个请求写入，请稍后用 HEAD 查询偏移量后重试。")

    static let notOwner = Problem(
        .forbidden, type: "not-upload-owner", title: "无权操作",
        detail: "只有创建该上传的用户可以查询或续传它。")

    static let notFound = Problem.notFound("上传不存在。")

    static let wrongContentType = Problem(
        .unsupportedMediaType, type: "unsupported-media-type", title: "不支持的内容类型",
        detail: "PATCH 请求的 Content-Type 须为 application/offset+octet-stream。")

    static let missingOffset = Problem.badRequest(
        "missing-upload-offset", "缺少或无效的 Upload-Offset 请求头（应为非负整数）。",
        errors: ["Upload-Offset": "应为非负整数"])

    static let malformedID = Problem.badRequest(
        "malformed-parameter", "上传编号应为 UUID。", errors: ["id": "应为 UUID"])

    /// `8 GiB（8589934592 字节）`: a readable size with the exact count.
    static func byteText(_ count: UInt64) -> String {
        let units: [(UInt64, String)] = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where count >= size {
            let value = Double(count) / Double(size)
            let text = count % size == 0 ? String(count / size) : String(format: "%.1f", value)
            return "\(text) \(name)（\(count) 字节）"
        }
        return "\(count) 字节"
    }
}
