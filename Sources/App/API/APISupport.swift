import Domain
import Fluent
import Foundation
import Persistence
import Vapor

extension Request {
    /// Decodes a JSON body or answers 400 with a Chinese problem.
    func decodeBody<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            throw Problem.badRequest("malformed-body", "请求内容格式不正确：\(Self.describe(error))")
        }
    }

    /// Decodes a JSON body that the operation documents as optional: no body, or an empty one
    /// whatever its `Content-Type`, is nil (issue 11 item 7).
    func decodeOptionalBody<T: Decodable>(_ type: T.Type) throws -> T? {
        guard let body = body.data, body.readableBytes > 0,
              body.readableBytesView.contains(where: { !Self.isJSONWhitespace($0) }) else { return nil }
        return try decodeBody(T.self)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// A UUID path parameter, or 400.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem.badRequest("malformed-parameter", "参数 \(name) 应为 UUID。", errors: [name: "应为 UUID"])
        }
        return id
    }

    var ledgerWriter: LedgerWriter { application.lawTrail.ledger.writer }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "缺少字段 \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "字段 \(context.codingPath.map(\.stringValue).joined(separator: ".")) 的值不正确"
        @unknown default: "无法解析"
        }
    }
}

extension UUID {
    var lowercased: String { uuidString.lowercased() }
}
