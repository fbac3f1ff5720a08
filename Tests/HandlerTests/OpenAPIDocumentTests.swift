import AWSEvents
import ApiGateway
import Foundation
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// The OpenAPI document read as a client would: committed as generated, and every operation's
/// example answered with the documented status and a body that matches the documented schema.
@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("infrastructure/openapi.yaml")
    static let document = OpenAPIDocument.json()

    /// Every operation: path, method, and the operation object.
    static let operations: [(path: String, method: String, operation: JSONValue)] = {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.sorted { $0.key < $1.key }.flatMap { path, methods -> [(String, String, JSONValue)] in
            guard case .object(let byMethod) = methods else { return [] }
            return byMethod.sorted { $0.key < $1.key }.map { (path, $0.key, $0.value) }
        }
    }()

    @Test func theCommittedDocumentIsWhatTheRouteDeclarationsGenerate() throws {
        let committed = String(decoding: try Data(contentsOf: Self.committed), as: UTF8.self)
        let regenerate = "swift run testex-local openapi > infrastructure/openapi.yaml"
        #expect(
            committed == OpenAPIDocument.yaml(),
            "infrastructure/openapi.yaml differs from the routes: run `\(regenerate)`"
        )
    }

    @Test func everyRouteIsAnOperationWithAnExampleAndASuccessAnswer() throws {
        #expect(Self.operations.count >= 20)
        var ids: Set<String> = []
        for (path, method, operation) in Self.operations {
            let id = try #require(operation["operationId"]?.stringValue)
            #expect(ids.insert(id).inserted, "\(id) is used twice")
            #expect(Self.successStatus(operation) != nil, "\(method) \(path) documents no 2xx answer")
            for name in Self.pathParameterNames(path) {
                #expect(Self.example(operation, name) != nil, "\(method) \(path) has no example for \(name)")
            }
        }
    }

    @Test(arguments: operations.map { "\($0.method.uppercased()) \($0.path)" })
    func theExampleIsAnsweredAsDocumented(_ name: String) async throws {
        let (path, method, operation) = try #require(
            Self.operations.first { "\($0.method.uppercased()) \($0.path)" == name }
        )
        let test = try await TestSystem()
        var body = operation["requestBody"]?["content"]?["application/json"]?["example"]
        var headers = ["Content-Type": "application/json"]
        if path == "/auth" {
            let credential = try #require(try await SampleUsers.seed(test.system).first { $0.username == "admin" })
            body = ["username": "admin", "password": .string(credential.password)]
        } else {
            headers["Authorization"] = "Bearer \(test.system.token(for: Caller(subject: "t-admin", role: .admin)))"
        }
        var target = path
        var query: [String] = []
        for parameter in Self.parameters(operation) {
            guard let parameterName = parameter["name"]?.stringValue, let value = Self.example(operation, parameterName)
            else { continue }
            switch parameter["in"]?.stringValue {
            case "path": target = target.replacingOccurrences(of: "{\(parameterName)}", with: value)
            case "query": query.append("\(parameterName)=\(value)")
            default: headers[parameterName] = value
            }
        }
        let (status, answer) = try await Self.send(
            test,
            method.uppercased(),
            target,
            query: query,
            headers: headers,
            body: body
        )
        let expected = try #require(Self.successStatus(operation))
        #expect(status == expected, "\(name) answered \(status): \(answer)")
        let schema = try #require(operation["responses"]?[String(expected)]?["content"]?["application/json"]?["schema"])
        let problems = JSONSchemaValidator(document: Self.document).problems(answer, schema)
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
    }

    @Test func errorAnswersMatchTheDocumentedErrorSchema() async throws {
        let test = try await TestSystem()
        let schema: JSONValue = ["$ref": "#/components/schemas/ErrorAnswer"]
        for (method, path, body) in [
            ("GET", "/api/contracts/CT999999", nil), ("POST", "/api/contracts", JSONValue.object(["value": "ten"])),
            ("GET", "/api/contracts/nope", nil), ("DELETE", "/api/nowhere", nil),
        ] {
            let token = test.system.token(for: Caller(subject: "t-admin", role: .admin))
            let (status, answer) = try await Self.send(
                test,
                method,
                path,
                query: [],
                headers: ["Authorization": "Bearer \(token)"],
                body: body
            )
            #expect(status >= 400)
            #expect(
                JSONSchemaValidator(document: Self.document).problems(answer, schema).isEmpty,
                "\(method) \(path): \(answer)"
            )
        }
    }

    @Test func aRequestBodyTheSchemaRefusesIsRefusedByTheRoute() async throws {
        // The schema says additionalProperties: false and a pattern for contract_type; the route agrees.
        let test = try await TestSystem()
        let token = test.system.token(for: Caller(subject: "t-admin", role: .admin))
        let create = try #require(Self.operations.first { $0.path == "/api/contracts" && $0.method == "post" })
        let example = try #require(
            create.operation["requestBody"]?["content"]?["application/json"]?["example"]?.objectValue
        )
        let schema = try #require(create.operation["requestBody"]?["content"]?["application/json"]?["schema"])
        for changed in [
            example.merging(["colour": "red"]) { $1 }, example.merging(["contract_type": "service"]) { $1 },
            example.merging(["value": .number(Decimal(string: "1500000000000")!)]) { $1 },
            example.filter { $0.key != "client_id" },
        ] {
            #expect(!JSONSchemaValidator(document: Self.document).problems(.object(changed), schema).isEmpty)
            let (status, _) = try await Self.send(
                test,
                "POST",
                "/api/contracts",
                query: [],
                headers: ["Authorization": "Bearer \(token)"],
                body: .object(changed)
            )
            #expect([400, 422].contains(status), "\(changed) answered \(status)")
        }
    }

    // MARK: reading the document

    static func parameters(_ operation: JSONValue) -> [JSONValue] {
        operation["parameters"]?.arrayValue ?? []
    }

    static func example(_ operation: JSONValue, _ name: String) -> String? {
        guard let parameter = parameters(operation).first(where: { $0["name"]?.stringValue == name }) else {
            return nil
        }
        switch parameter["example"] {
        case .string(let text)?: return text
        case .number(let number)?: return "\(number)"
        default: return nil
        }
    }

    static func successStatus(_ operation: JSONValue) -> Int? {
        operation["responses"]?.objectValue?.keys.compactMap(Int.init).filter { (200..<300).contains($0) }.min()
    }

    static func pathParameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// A REST API event for the request, through the local authorizer and ApiGateway.
    static func send(
        _ test: TestSystem,
        _ method: String,
        _ path: String,
        query: [String],
        headers: [String: String],
        body: JSONValue?
    ) async throws -> (Int, JSONValue) {
        let queryValues = Dictionary(
            query.map { pair -> (String, JSONValue) in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], .string(parts.count > 1 ? parts[1] : ""))
            },
            uniquingKeysWith: { $1 }
        )
        let event: JSONValue = [
            "resource": "/{proxy+}", "path": .string(path), "httpMethod": .string(method),
            "headers": .object(headers.mapValues(JSONValue.string)),
            "queryStringParameters": queryValues.isEmpty ? .null : .object(queryValues),
            "requestContext": ["requestId": "doc-example", "stage": "test"],
            "body": try body.map { .string(String(decoding: try JSON.encode($0), as: UTF8.self)) } ?? .null,
            "isBase64Encoded": false,
        ]
        let data = try await test.system.invoke(.apiGateway, payload: try JSON.encode(event))
        let response = try JSON.decode(APIGatewayResponse.self, from: data)
        let answer =
            try response.body.flatMap { $0.isEmpty ? nil : try JSON.decode(JSONValue.self, from: Data($0.utf8)) }
            ?? .null
        return (response.statusCode, answer)
    }
}

@Suite("The document's patterns in every dialect")
struct OpenAPIPatternDialectTests {
    static func patterns(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { name, member -> [String] in
                if name == "pattern", case .string(let pattern) = member { return [pattern] }
                return patterns(in: member)
            }
        case .array(let items): return items.flatMap(patterns)
        default: return []
        }
    }

    /// ICU's `$`, as Python's `re.search` (which many validators use), matches before a final line break.
    static func foundAsPythonSearches(_ pattern: String, in text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func aValueNameEndingInALineBreakMatchesNoPatternOfTheDocument() throws {
        let all = Self.patterns(in: OpenAPIDocument.json())
        #expect(all.count > 10)
        let valueName = try #require(
            all.first { pattern in
                try Self.foundAsPythonSearches(pattern, in: "client_name") && pattern.contains("{0,63}")
            }
        )
        #expect(try !Self.foundAsPythonSearches(valueName, in: "client_name\n"))
        for pattern in all {
            #expect(pattern.hasSuffix(OpenAPIDocument.endOfText), "\(pattern)")
        }
    }
}
