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
