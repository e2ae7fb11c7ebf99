import Foundation
import Ledger

/// Writes test-vector files as indented JSON with members in RFC 8785 order, so that the
/// generator's output is byte-for-byte stable and diffs stay readable.
enum VectorJSON {
    static func pretty(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out + "\n"
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (position, element) in elements.enumerated() {
                out += inner
                write(element, indent: indent + 1, into: &out)
                out += position == elements.count - 1 ? "\n" : ",\n"
            }
            out += pad + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            let names = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (position, name) in names.enumerated() {
                out += inner + scalar(.string(name)) + ": "
                write(members[name]!, indent: indent + 1, into: &out)
                out += position == names.count - 1 ? "\n" : ",\n"
            }
            out += pad + "}"
        default:
            out += scalar(value)
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        String(decoding: try! CanonicalJSON.encode(value), as: UTF8.self)
    }
}
