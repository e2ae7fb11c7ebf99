import Foundation
import Yams

/// A JSON value, as an API answer or as a node of the OpenAPI document (YAML loaded as JSON).
enum JSONNode: Equatable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int64) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONNode...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONNode)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(nilLiteral: ()) { self = .null }

    /// A UUID as the API writes it in request bodies.
    static func id(_ value: UUID) -> JSONNode { .string(value.uuidString.lowercased()) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONNode].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONNode].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// What YAML's loader (`Yams.load`) made of a document: mappings, sequences and scalars.
    init(yamlValue value: Any?) throws {
        switch value {
        case nil, is NSNull: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .integer(Int64(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]: self = .array(try value.map { try JSONNode(yamlValue: $0) })
        case let value as [AnyHashable: Any]:
            var object: [String: JSONNode] = [:]
            for (key, element) in value {
                guard let name = key.base as? String else { throw ContractError.notJSON("a mapping key \(key) is not a string") }
                object[name] = try JSONNode(yamlValue: element)
            }
            self = .object(object)
        default:
            throw ContractError.notJSON("\(type(of: value!)) \(value!) has no JSON form (quote it in the YAML)")
        }
    }

    subscript(key: String) -> JSONNode? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var object: [String: JSONNode]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value at `path` replaced by `value` (nil removes it); for tests that break a document on purpose.
    func replacing(_ path: [String], with value: JSONNode?) -> JSONNode {
        guard let key = path.first, case .object(var object) = self else { return self }
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = (object[key] ?? .object([:])).replacing(Array(path.dropFirst()), with: value)
        }
        return .object(object)
    }

    var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "?"
    }
}

enum ContractError: Error, CustomStringConvertible {
    case notJSON(String)
    case missing(String)

    var description: String {
        switch self {
        case .notJSON(let text): "the OpenAPI document is not plain JSON data: \(text)"
        case .missing(let text): "the OpenAPI document lacks \(text)"
        }
    }
}

/// One operation: an HTTP method on a path template as the document writes it (`/api/v1/cases/{id}`).
struct APIOperation: Hashable, Comparable, CustomStringConvertible {
    let method: String
    let path: String
    var description: String { "\(method) \(path)" }
    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
}

/// The OpenAPI document as data, with what the tests ask of it: its operations, and the schema of
/// each request body and of each answer by status and media type.
struct OpenAPIContract {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    let document: JSONNode

    init(yaml: String) throws {
        document = try JSONNode(yamlValue: try Yams.load(yaml: yaml))
    }

    init(document: JSONNode) {
        self.document = document
    }

    /// Every operation with its `x-lawtrail-action` (nil when it has none).
    var operations: [APIOperation: String?] {
        var result: [APIOperation: String?] = [:]
        for (path, item) in document["paths"]?.object ?? [:] {
            for method in Self.methods {
                guard let operation = item[method] else { continue }
                result[APIOperation(method: method.uppercased(), path: path)] = .some(operation["x-lawtrail-action"]?.string)
            }
        }
        return result
    }

    func operation(_ operation: APIOperation) -> JSONNode? {
        document["paths"]?[operation.path]?[operation.method.lowercased()]
    }

    /// Follows local `$ref`s (`#/components/...`) to what they name.
    func resolve(_ node: JSONNode) throws -> JSONNode {
        var node = node
        var seen: Set<String> = []
        while let reference = node["$ref"]?.string {
            guard seen.insert(reference).inserted else { throw ContractError.missing("a non-circular \(reference)") }
            node = try target(of: reference)
        }
        return node
    }

    func target(of reference: String) throws -> JSONNode {
        guard reference.hasPrefix("#/") else { throw ContractError.missing("only local references, not \(reference)") }
        var node = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[key] else { throw ContractError.missing(reference) }
            node = next
        }
        return node
    }

    /// The documented request body of `operation`, resolved; nil when it takes none.
    func requestBody(_ operation: APIOperation) throws -> JSONNode? {
        try self.operation(operation)?["requestBody"].map(resolve)
    }

    /// The documented answer of `operation` for `status` (or its `default`), resolved.
    func response(_ operation: APIOperation, status: Int) throws -> (JSONNode, isDefault: Bool)? {
        guard let responses = self.operation(operation)?["responses"] else { return nil }
        if let exact = responses[String(status)] { return (try resolve(exact), false) }
        if let range = responses["\(status / 100)XX"] { return (try resolve(range), false) }
        return try responses["default"].map { (try resolve($0), true) }
    }

    /// The status an operation answers when it does what it is for: its first 2xx, or 405 for an
    /// operation that exists to be refused (a record's DELETE, PUT and PATCH, SPEC R9.5).
    func successStatus(_ operation: APIOperation) -> Int? {
        let statuses = (self.operation(operation)?["responses"]?.object ?? [:]).keys.compactMap { Int($0) }.sorted()
        return statuses.first { (200..<300).contains($0) } ?? (statuses.contains(405) ? 405 : nil)
    }

    /// Whether the success answer of `operation` is documented as JSON.
    func answersJSON(_ operation: APIOperation) throws -> Bool {
        guard let status = successStatus(operation), status < 400, let (response, _) = try response(operation, status: status) else {
            return false
        }
        return (response["content"]?.object ?? [:]).keys.contains { $0.hasSuffix("json") }
    }

    /// The entry of `content` for a media type: exact, else a documented range (`video/*`).
    static func media(_ contentType: String, in content: [String: JSONNode]) -> (String, JSONNode)? {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if let exact = content[type] { return (type, exact) }
        let range = (type.split(separator: "/").first.map(String.init) ?? "") + "/*"
        if let entry = content[range] { return (range, entry) }
        return content["*/*"].map { ("*/*", $0) }
    }
}

/// A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) checker: enough for what LawTrail's
/// document uses. A keyword it does not know is a problem too, so that the document cannot use a
/// constraint the tests would silently skip.
struct SchemaChecker {
    let contract: OpenAPIContract

    /// Keywords that describe without constraining.
    static let annotations: Set<String> = ["description", "title", "default", "example", "examples", "deprecated", "readOnly", "writeOnly", "$comment"]

    /// What is wrong with `value` against `schema`; empty when it conforms. `path` names the place in the body.
    func problems(_ value: JSONNode, _ schema: JSONNode, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else {
            if case .bool(let accepts) = schema { return accepts ? [] : ["\(path): nothing is allowed here"] }
            return ["\(path): the schema \(schema) is not a JSON Schema"]
        }
        var problems: [String] = []
        for (keyword, argument) in keywords.sorted(by: { $0.key < $1.key }) {
            switch keyword {
            case "$ref":
                guard let reference = argument.string, let target = try? contract.target(of: reference) else {
                    problems.append("\(path): unresolvable $ref \(argument)")
                    continue
                }
                problems += self.problems(value, target, at: path)
            case "type":
                let allowed = argument.array?.compactMap(\.string) ?? argument.string.map { [$0] } ?? []
                if !allowed.contains(where: { Self.has(value, type: $0) }) {
                    problems.append("\(path): \(Self.kind(of: value)) where the document says \(allowed.joined(separator: " or "))")
                }
            case "enum":
                if !(argument.array ?? []).contains(value) { problems.append("\(path): \(value) is not one of \(argument)") }
            case "const":
                if value != argument { problems.append("\(path): \(value) is not \(argument)") }
            case "required":
                guard case .object(let object) = value else { continue }
                for name in argument.array?.compactMap(\.string) ?? [] where object[name] == nil {
                    problems.append("\(path): the required \"\(name)\" is missing")
                }
            case "properties":
                guard case .object(let object) = value, case .object(let properties) = argument else { continue }
                for (name, element) in object.sorted(by: { $0.key < $1.key }) {
                    if let property = properties[name] { problems += self.problems(element, property, at: "\(path).\(name)") }
                }
            case "additionalProperties":
                guard case .object(let object) = value else { continue }
                let named = Set(keywords["properties"]?.object?.keys.map { $0 } ?? [])
                for (name, element) in object.sorted(by: { $0.key < $1.key }) where !named.contains(name) {
                    if argument == .bool(false) {
                        problems.append("\(path): \"\(name)\" is not documented (additionalProperties: false)")
                    } else {
                        problems += self.problems(element, argument, at: "\(path).\(name)")
                    }
                }
            case "items":
                guard case .array(let elements) = value else { continue }
                for (index, element) in elements.enumerated() { problems += self.problems(element, argument, at: "\(path)[\(index)]") }
            case "minItems":
                if case .array(let elements) = value, case .integer(let minimum) = argument, elements.count < minimum {
                    problems.append("\(path): \(elements.count) items, fewer than \(minimum)")
                }
            case "oneOf", "anyOf":
                let branches = argument.array ?? []
                let matching = branches.filter { self.problems(value, $0, at: path).isEmpty }.count
                if keyword == "oneOf" ? matching != 1 : matching == 0 {
                    problems.append("\(path): \(value) matches \(matching) of the \(branches.count) \(keyword) branches")
                }
            case "allOf":
                for branch in argument.array ?? [] { problems += self.problems(value, branch, at: path) }
            case "minimum", "maximum":
                guard let number = Self.number(value), let bound = Self.number(argument) else { continue }
                if keyword == "minimum" ? number < bound : number > bound {
                    problems.append("\(path): \(value) is beyond the \(keyword) \(argument)")
                }
            case "pattern":
                guard case .string(let text) = value, let pattern = argument.string else { continue }
                if text.range(of: pattern, options: .regularExpression) == nil {
                    problems.append("\(path): \"\(text)\" does not match \(pattern)")
                }
            case "format":
                guard case .string(let text) = value, let format = argument.string else { continue }
                if let pattern = Self.formats[format], text.range(of: pattern, options: .regularExpression) == nil {
                    problems.append("\(path): \"\(text)\" is not a \(format)")
                }
            default:
                if !Self.annotations.contains(keyword) {
                    problems.append("\(path): the schema uses \(keyword), which this checker does not check")
                }
            }
        }
        return problems
    }

    /// The formats LawTrail's answers use, as patterns (RFC 4122, RFC 3339).
    static let formats: [String: String] = [
        "uuid": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        "date": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "date-time": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
    ]

    static func has(_ value: JSONNode, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .integer), ("number", .integer), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    static func kind(of value: JSONNode) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func number(_ value: JSONNode) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }
}
