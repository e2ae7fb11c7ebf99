import Leaf

/// `#url("staff.publication.step", id)`: a path from the one registry (`URLs`), so a view carries
/// no hand-written path. An unknown name or a wrong number of arguments fails the page's
/// rendering, which every page test would see.
struct URLTag: LeafTag {
    struct UnknownPath: Error, CustomStringConvertible {
        let name: String
        var description: String { "no path named \(name) in URLs" }
    }

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let entry = URLs.named(name) else {
            throw UnknownPath(name: ctx.parameters.first?.string ?? "")
        }
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard arguments.count == entry.parameterCount else { throw UnknownPath(name: "\(name) with \(arguments.count) arguments") }
        return .string(entry.path(Array(arguments)))
    }
}
