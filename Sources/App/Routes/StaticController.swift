import Foundation
import Vapor

/// Serves the few static assets from the resource bundle, read once at start.
struct StaticController: RouteCollection {
    let stylesheet: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "Public/site", withExtension: "css")
            ?? Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Public") else {
            throw Abort(.internalServerError, reason: "stylesheet missing from the resource bundle")
        }
        stylesheet = ByteBuffer(data: try Data(contentsOf: url))
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.stylesheet.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.cacheControl = .init(maxAge: 3600)
            return Response(status: .ok, headers: headers, body: .init(buffer: stylesheet))
        }
    }
}
