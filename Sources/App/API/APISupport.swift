import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Paging for every list (ARCHITECTURE: lists never return unbounded results).
struct PageQuery: Content {
    var page: Int?
    var per: Int?

    /// Capped so `offset` cannot overflow whatever a client sends.
    var pageNumber: Int { min(1_000_000, max(1, page ?? 1)) }
    var perPage: Int { min(100, max(1, per ?? 20)) }
    var offset: Int { (pageNumber - 1) * perPage }
}

struct Page<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let per: Int
    let total: Int
}

extension Request {
    /// Decodes a JSON body or answers 400 with a Chinese problem.
    func decodeBody<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            throw Problem.badRequest("malformed-body", "请求内容格式不正确：\(Self.describe(error))")
        }
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
