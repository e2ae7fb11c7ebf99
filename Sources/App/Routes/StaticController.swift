import Foundation
import Vapor

/// Serves the few static assets from the resource bundle, read once at start.
struct StaticController: RouteCollection {
    let stylesheet: ByteBuffer
    let openAPI: ByteBuffer
    let uploadScript: ByteBuffer
    let verifyScript: ByteBuffer
    let printScript: ByteBuffer
    let drawScript: ByteBuffer
    let favicon: ByteBuffer

    init() throws {
        stylesheet = try Self.resource("site", "css")
        openAPI = try Self.resource("openapi", "yaml")
        uploadScript = try Self.resource("upload", "js")
        verifyScript = try Self.resource("verify", "js")
        printScript = try Self.resource("print", "js")
        drawScript = try Self.resource("draw", "js")
        favicon = try Self.resource("favicon", "svg")
    }

    static func resource(_ name: String, _ ext: String) throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Public") else {
            throw Abort(.internalServerError, reason: "\(name).\(ext) missing from the resource bundle")
        }
        return ByteBuffer(data: try Data(contentsOf: url))
    }

    static func javascript(_ script: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.cacheControl = .init(maxAge: 3600)
        return Response(status: .ok, headers: headers, body: .init(buffer: script))
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
        // Scripts, all from our own origin (the CSP allows no other): the staff pages' upload
        // widget (issue 6 item 3), the online verification of public pages (issue 10 item 8), the
        // 打印 buttons of documents and public decisions (item 7), the secret digest of a draw's
        // plan form (issue 15). Every page works without them.
        for (path, script) in [
            (URLs.uploadScript, uploadScript), (URLs.verifyScript, verifyScript), (URLs.printScript, printScript),
            (URLs.drawScript, drawScript),
        ] {
            routes.get(path.components) { _ in Self.javascript(script) }
        }
        // The API description (issue 4 item 9), public like the sign-in route.
        routes.get(SiteURL.apiOpenAPI.components) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(buffer: openAPI))
        }
    }
}
