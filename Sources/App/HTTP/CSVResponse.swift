import Foundation
import Vapor

extension Response {
    /// A CSV download (UTF-8) named `name`; `name` is always one of ours, never a client's.
    static func csv(_ data: Data, name: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.setAttachment(filename: name)
        return response
    }
}
