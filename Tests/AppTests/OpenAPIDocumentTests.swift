import App
import Domain
import Foundation
import OpenAPIKit
import Testing
import TestSupport
import VaporTesting
import Yams

/// The OpenAPI document is a contract standard tools accept (issue 11 item 7): the served YAML is
/// parsed with a real parser (Yams) into OpenAPIKit's OpenAPI 3.1 model and validated; it matches
/// the route table both ways, actions included (issue 4 item 9); every operation describes its
/// request body and its answers, refusals as problems. `OpenAPIOperationWalkTests` checks the
/// answers themselves against the schemas.
@Suite struct OpenAPIDocumentTests {
    /// The document as `GET /api/v1/openapi.yaml` serves it.
    static func served(_ app: Application) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml")
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.subType == "yaml")
        return response.body.string
    }

    /// Every /api/v1 route with its action (nil where the route names none).
    static func servedOperations(_ app: Application) -> [APIOperation: String?] {
        var served: [APIOperation: String?] = [:]
        for route in app.routes.all where route.path.first?.description == "api" {
            let path = "/" + route.path.map { $0.description.hasPrefix(":") ? "{\($0.description.dropFirst())}" : $0.description }
                .joined(separator: "/")
            served[APIOperation(method: route.method.rawValue, path: path)] = .some((route.userInfo[RouteAction.key] as? Action)?.rawValue)
        }
        return served
    }

    static func parse(_ yaml: String) throws -> OpenAPI.Document {
        try YAMLDecoder().decode(OpenAPI.Document.self, from: yaml)
    }

    @Test("issue 11: the served document is OpenAPI 3.1 that OpenAPIKit parses and validates")
    func documentIsValidOpenAPI31() async throws {
        try await withTestApp { app in
            let document = try Self.parse(try await Self.served(app))
            #expect(document.openAPIVersion >= .v3_1_0)
            // The default validations (unique operation ids, references found, …), the optional
            // ones about paths, and every reference resolvable in the components. Parsing warnings fail too.
            try document.validate(using: Validator()
                .validating(\.documentContainsPaths, \.pathsContainOperations, \.pathParametersAreDefined)
                .validatingAllReferencesFoundInComponents(), strict: true)
            // Every reference dereferences: the whole document, schemas included, resolves.
            let resolved = try document.locallyDereferenced().resolved()
            #expect(resolved.endpoints.count == Self.servedOperations(app).count)
        }
    }

    @Test("issue 15: the document's obligation kinds and subjects are the Domain's, so a new duty cannot answer outside its schema")
    func obligationEnumsFollowTheDomain() async throws {
        try await withTestApp { app in
            let yaml = try #require(try Yams.load(yaml: try await Self.served(app)) as? [String: Any])
            let schemas = try #require((yaml["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let kinds = try #require((schemas["ObligationKind"] as? [String: Any])?["enum"] as? [String])
            #expect(Set(kinds) == Set(ObligationKind.allCases.map(\.rawValue)))
            let obligation = try #require(schemas["Obligation"] as? [String: Any])
            let subject = try #require((obligation["properties"] as? [String: Any])?["subject"] as? [String: Any])
            let variants = try #require(subject["oneOf"] as? [[String: Any]]).compactMap { ($0["required"] as? [String])?.first }
            // One per `ObligationSubject` case, named as Swift's Codable names them.
            let subjects: [ObligationSubject] = [.decision(UUID()), .publication(UUID()), .correctionRequest(UUID()), .yearlyFigures(year: 2026), .drawnInspection(UUID())]
            let encoded = try subjects.map { try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode($0)) as? [String: Any]).keys.first }
            #expect(Set(variants) == Set(encoded.compactMap { $0 }))
        }
    }

    @Test("issue 4 item 9: every /api/v1 route is documented with its action, and nothing else is")
    func documentMatchesTheRouteTable() async throws {
        try await withTestApp { app in
            let document = try Self.parse(try await Self.served(app))
            var documented: [APIOperation: String?] = [:]
            for (path, item) in document.paths {
                let pathItem = try #require(item.pathItemValue, "\(path.rawValue) is a reference")
                for endpoint in pathItem.endpoints {
                    let action = endpoint.operation.vendorExtensions["x-lawtrail-action"]?.value as? String
                    documented[APIOperation(method: endpoint.method.rawValue.uppercased(), path: path.rawValue)] = .some(action)
                }
            }
            let served = Self.servedOperations(app)
            #expect(served.count > 50)
            let undocumented = Set(served.keys).subtracting(documented.keys)
            let notServed = Set(documented.keys).subtracting(served.keys)
            #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(undocumented.sorted())")
            #expect(notServed.isEmpty, "documented but not served: \(notServed.sorted())")
            for (operation, action) in served where documented[operation] != nil {
                #expect(documented[operation]! == action, "\(operation): documented action \(String(describing: documented[operation]!)) vs served \(String(describing: action))")
            }
        }
    }

    /// Successes that carry headers only, by design (tus HEAD and PATCH; an assignment).
    static let answersWithoutBody: Set<APIOperation> = [
        APIOperation(method: "HEAD", path: "/api/v1/uploads/{id}"),
        APIOperation(method: "PATCH", path: "/api/v1/uploads/{id}"),
        APIOperation(method: "POST", path: "/api/v1/devices/{id}/assignments"),
    ]

    @Test("issue 11: every operation describes its bodies: a JSON schema for each body and answer, refusals as problem+json")
    func everyOperationDescribesItsBodies() async throws {
        try await withTestApp { app in
            let contract = try OpenAPIContract(yaml: try await Self.served(app))
            var gaps: [String] = []
            for operation in contract.operations.keys.sorted() {
                let node = try #require(contract.operation(operation))
                if node["operationId"]?.string == nil { gaps.append("\(operation): no operationId") }
                if let body = try contract.requestBody(operation) {
                    let content = body["content"]?.object ?? [:]
                    if content.isEmpty { gaps.append("\(operation): a request body without content") }
                    if let json = content["application/json"], json["schema"] == nil { gaps.append("\(operation): request body without a schema") }
                }
                let responses = node["responses"]?.object ?? [:]
                guard let success = contract.successStatus(operation) else {
                    gaps.append("\(operation): no documented status")
                    continue
                }
                for (status, response) in responses {
                    let response = try contract.resolve(response)
                    let content = response["content"]?.object ?? [:]
                    if status == "default" || (Int(status) ?? 0) >= 400 {
                        if content["application/problem+json"]?["schema"] == nil {
                            gaps.append("\(operation) \(status): a refusal that is not an application/problem+json problem")
                        }
                    }
                    for (media, entry) in content where media.hasSuffix("json") && entry["schema"] == nil {
                        gaps.append("\(operation) \(status): \(media) without a schema")
                    }
                }
                // Protected routes may answer 401; only the two public routes are exempt.
                if operation.path != "/api/v1/sessions", operation.path != "/api/v1/openapi.yaml", responses["401"] == nil {
                    gaps.append("\(operation): 401 not documented")
                }
                if responses["default"] == nil, operation.path != "/api/v1/openapi.yaml" {
                    gaps.append("\(operation): no default (problem) answer")
                }
                let successContent = try responses[String(success)].map(contract.resolve)?["content"]
                if success < 400, successContent == nil, !Self.answersWithoutBody.contains(operation) {
                    gaps.append("\(operation) \(success): a success without a body description")
                }
            }
            #expect(gaps.isEmpty, "\(gaps.joined(separator: "\n"))")
        }
    }

    /// The checks must be able to fail: a document that misstates an answer is caught by the
    /// schema checker, an undocumented status by the walk, and a route without a happy-path call
    /// by the coverage rule.
    @Test("issue 11: a wrong documented type, a missing property, a wrong enum or required field is caught")
    func theCheckerCatchesAWrongDocument() async throws {
        try await withTestApp(demo: true) { app in
            let served = try OpenAPIContract(yaml: try await Self.served(app))
            let client = APIClient(app: app)
            let officer = try await client.token(.officer)
            let made = try await client.caseAndActivity(token: officer)

            func problems(_ contract: OpenAPIContract) async throws -> [String] {
                let walk = ContractWalk(app: app, contract: contract)
                try await walk.call(.GET, "/api/v1/cases/{id}", ["id": made.caseID], token: officer, expect: .ok)
                return walk.problems
            }
            #expect(try await problems(served).isEmpty)

            let caseSchema = ["components", "schemas", "Case"]
            let mistakes: [(String, JSONNode, String)] = [
                ("number documented as an integer",
                 served.document.replacing(caseSchema + ["properties", "number"], with: ["type": "integer"]), "$.number: a string where the document says integer"),
                ("title left out of a closed object",
                 served.document.replacing(caseSchema + ["properties", "title"], with: nil), "\"title\" is not documented"),
                ("a field required that is never sent",
                 served.document.replacing(caseSchema + ["required"], with: ["id", "closedOn"]), "the required \"closedOn\" is missing"),
                ("an enum without the kind sent",
                 served.document.replacing(["components", "schemas", "EnforcementKind", "enum"], with: ["penalty"]), "is not one of"),
                ("an instant where a day is sent",
                 served.document.replacing(caseSchema + ["properties", "openedOn"], with: ["type": "string", "format": "date-time"]), "is not a date-time"),
                ("a constraint the checker does not know",
                 served.document.replacing(caseSchema + ["properties", "title", "maxLength"], with: 3), "does not check"),
                ("the 200 answer not documented",
                 served.document.replacing(["paths", "/api/v1/cases/{id}", "get", "responses", "200"], with: nil), "status not documented"),
            ]
            for (what, document, expected) in mistakes {
                let found = try await problems(OpenAPIContract(document: document))
                #expect(found.contains { $0.contains(expected) }, "\(what): not caught; problems: \(found)")
            }

            // Coverage: a walk that made one call leaves every other served operation uncovered.
            let walk = ContractWalk(app: app, contract: served)
            try await walk.call(.GET, "/api/v1/cases/{id}", ["id": made.caseID], token: officer, expect: .ok)
            let uncovered = walk.uncovered(Self.servedOperations(app).keys, exempt: [:])
            #expect(uncovered.contains(APIOperation(method: "POST", path: "/api/v1/cases")))
            #expect(!uncovered.contains(APIOperation(method: "GET", path: "/api/v1/cases/{id}")))
        }
    }

    @Test("the schema checker: types, nullability by type arrays, oneOf, patterns and formats")
    func schemaCheckerSemantics() throws {
        let contract = OpenAPIContract(document: ["components": ["schemas": ["Day": ["type": "string", "format": "date"]]]])
        let checker = SchemaChecker(contract: contract)
        let nullableDay: JSONNode = ["type": ["string", "null"], "format": "date"]
        #expect(checker.problems(.null, nullableDay).isEmpty)
        #expect(checker.problems("2026-11-30", nullableDay).isEmpty)
        #expect(!checker.problems("30.11.2026", nullableDay).isEmpty)
        #expect(!checker.problems(3, nullableDay).isEmpty)
        #expect(checker.problems(3, ["type": "number"]).isEmpty)
        #expect(!checker.problems(2.5, ["type": "integer"]).isEmpty)
        let either: JSONNode = ["oneOf": [
            ["type": "object", "required": ["a"], "additionalProperties": false, "properties": ["a": ["$ref": "#/components/schemas/Day"]]],
            ["type": "object", "required": ["b"], "additionalProperties": false, "properties": ["b": ["type": "boolean"]]],
        ]]
        #expect(checker.problems(["a": "2026-01-01"], either).isEmpty)
        #expect(checker.problems(["b": true], either).isEmpty)
        #expect(!checker.problems(["a": "2026-01-01", "b": true], either).isEmpty)
        #expect(!checker.problems(["a": "yesterday"], either).isEmpty)
        #expect(!checker.problems(["items": [1, "x"]], ["properties": ["items": ["type": "array", "items": ["type": "integer"]]]]).isEmpty)
        #expect(checker.problems(["k": 1], ["type": "object", "additionalProperties": ["type": "integer"]]).isEmpty)
        #expect(!checker.problems(["k": "1"], ["type": "object", "additionalProperties": ["type": "integer"]]).isEmpty)
        #expect(!checker.problems("bureau:x", ["type": "string", "pattern": "^bureau-defined:.+$"]).isEmpty)
    }
}
