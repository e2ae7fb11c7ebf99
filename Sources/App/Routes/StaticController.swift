import Foundation
import Vapor

/// Serves the few static assets from the resource bundle, read once at start.
struct StaticController: RouteCollection {
    let stylesheet: ByteBuffer
    let openAPI: ByteBuffer
    let uploadScript: ByteBuffer
    let favicon: ByteBuffer
    let printScript: ByteBuffer

    init() throws {
        stylesheet = try Self.resource("site", "css")
        openAPI = try Self.resource("openapi", "yaml")
        uploadScript = try Self.resource("upload", "js")
        favicon = try Self.resource("favicon", "svg")
        printScript = try Self.resource("print", "js")
    }

    static func resource(_ name: String, _ ext: String) throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Public") else {
            throw Abort(.internalServerError, reason: "\(name).\(ext) missing from the resource bundle")
        }
        return ByteBuffer(data: try Data(contentsOf: url))
    }

    func boot(routes: RoutesBuilder) throws {
        routes.get(SiteURL.stylesheet.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.cacheControl = .init(maxAge: 3600)
            return Response(status: .ok, headers: headers, body: .init(buffer: stylesheet))
        }
        routes.get(URLs.favicon.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
            headers.cacheControl = .init(maxAge: 86_400)
            return Response(status: .ok, headers: headers, body: .init(buffer: favicon))
        }
        routes.get(URLs.printScript.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
            headers.cacheControl = .init(maxAge: 3600)
            return Response(status: .ok, headers: headers, body: .init(buffer: printScript))
        }
        // The staff pages' upload widget (issue 6 item 3); the pages work without it otherwise.
        routes.get(URLs.uploadScript.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
            headers.cacheControl = .init(maxAge: 3600)
            return Response(status: .ok, headers: headers, body: .init(buffer: uploadScript))
        }
        // The API description (issue 4 item 9), public like the sign-in route.
        routes.get(SiteURL.apiOpenAPI.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(buffer: openAPI))
        }
    }
}
