import Foundation
import Shared
import TestSupport
import WireFormat

/// Mutates API Gateway events the ways hostile or broken clients and proxies would: on the raw
/// bytes (flips, truncation, splices) and on the JSON tree (type swaps, huge strings, deep
/// nesting, odd Unicode, header injection, forged tokens and claims, other paths and methods,
/// and the same inside a JSON body).
struct EventMutator {
    var random: SeededGenerator
    /// Tokens the authorizer would accept, so mutations also reach the routes as each role.
    let validTokens: [String]

    static let paths = [
        "/api/contracts", "/api/contracts/CT001ABC", "/api/contracts/CT002DEF/files",
        "/api/contracts/CT002DEF/files/FLSAMPLE0001",
        "/api/contracts/CT001ABC/terminate", "/api/contracts/CT003GHI/reactivate", "/api/contracts/CT001ABC/suspend",
        "/api/contracts/CT001ABC/audit", "/api/contracts/CT001ABC/files/upload-url", "/api/clients",
        "/api/clients/CL001XYZ",
        "/api/notifications", "/api/contracts/../../etc/passwd", "/api/contracts/CT001ABC%00",
        "/api/contracts/CT001ABC/files/..%2F..%2Fx",
        "//api//contracts", "/local/api/contracts", "/api/contracts/CT001ABC/files/FLSAMPLE0001?presign=true",
    ]
    static let methods = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD", "get", "", "POST\r\nX: y"]
    static let strings = [
        "", " ", "\u{0}", "\r\nX-Injected: 1", "<script>alert(1)</script>", "javascript:alert(1)", "\u{202E}txt.exe",
        "\u{200B}\u{FEFF}", "e\u{301}\u{301}\u{301}", "👩‍👩‍👧‍👦", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "../../../etc/passwd", "%00", "%2e%2e%2f",
        "CT001ABC", "CL002ABC", "FLSAMPLE0001", "ADMIN", "client", "system", "admin", "-1", "1e400", "NaN",
        "9999999999999999999999", "2026-02-30", "0000-00-00", "Bearer ", "null", "{}", "[]", "\"", "\\",
        "\u{7F}\u{1B}[31m",
    ]
    static let roles: [JSONValue] = ["admin", "system", "client", "root", "ADMIN", "", .null, 5, ["admin"]]

    init(seed: UInt64, validTokens: [String]) {
        random = SeededGenerator(seed: seed)
        self.validTokens = validTokens
    }

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }

    /// One to three mutations of `event` (parsed once by the caller): on the tree, then on the
    /// encoded bytes for one event in five.
    mutating func mutate(_ event: JSONValue) -> Data {
        var value = event
        for _ in 0..<int(1..<4) { mutateTree(&value) }
        var data = (try? JSON.encode(value)) ?? Data()
        if chance(10) {
            for _ in 0..<int(1..<3) { data = mutateBytes(data) }
        }
        return data
    }

    mutating func mutateBytes(_ data: Data) -> Data {
        var bytes = [UInt8](data)
        guard !bytes.isEmpty else { return Data("{".utf8) }
        switch int(0..<6) {
        case 0:
            for _ in 0..<int(1..<8) { bytes[int(0..<bytes.count)] ^= UInt8(1 << int(0..<8)) }
        case 1:
            bytes = Array(bytes.prefix(int(0..<bytes.count)))
        case 2:
            let start = int(0..<bytes.count)
            bytes.insert(contentsOf: bytes[start..<min(bytes.count, start + int(1..<64))], at: int(0..<bytes.count))
        case 3:
            bytes.insert(
                contentsOf: pick([
                    [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0x5C, 0x75, 0x44, 0x38, 0x30, 0x30],
                ]),
                at: int(0..<bytes.count)
            )
        case 4:
            let index = int(0..<bytes.count)
            bytes[index] = pick(Array("{}[]\":,\\0-e.".utf8))
        default:
            bytes.removeSubrange(int(0..<bytes.count)..<bytes.count)
            bytes += Array(#""x":"\ud800"}"#.utf8)
        }
        return Data(bytes)
    }

    /// Mostly the parts a handler reads (body, headers, claims, path, query); sometimes any node,
    /// which mostly makes the event itself undecodable.
    mutating func mutateTree(_ event: inout JSONValue) {
        guard case .object(var root) = event else {
            event = randomValue(depth: 0)
            return
        }
        switch int(0..<100) {
        case 0..<30: mutateBody(&root)
        case 30..<45: mutateHeaders(&root)
        case 45..<55: mutateAuthorizer(&root)
        case 55..<70: root[root["rawPath"] == nil ? "path" : "rawPath"] = .string(pick(Self.paths))
        case 70..<75:
            root["httpMethod"] = .string(pick(Self.methods))
            root["routeKey"] = .string(pick(Self.methods) + " " + pick(Self.paths))
        case 75..<85:
            root[pick(["queryStringParameters", "multiValueQueryStringParameters", "rawQueryString"])] = randomQuery()
        case 85..<88: root["isBase64Encoded"] = pick([true, false, "true", 1, .null])
        case 88..<90 where !root.isEmpty: root.removeValue(forKey: pick(root.keys.sorted()))
        default:
            var value = JSONValue.object(root)
            mutateRandomNode(&value, depth: 0)
            event = value
            return
        }
        event = .object(root)
    }

    mutating func mutateHeaders(_ root: inout [String: JSONValue]) {
        var headers: [String: JSONValue] = [:]
        if case .object(let existing)? = root["headers"] { headers = existing }
        let name = pick([
            "Authorization", "authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Filename", "Host",
            "X-Injected\r\nA",
        ])
        switch int(0..<5) {
        case 0: headers[name] = .string("Bearer " + pick(validTokens))
        case 1:
            headers[name] = .string(
                "Bearer "
                    + pick([
                        "none", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.",
                        pick(validTokens) + "x",
                        String(repeating: "A", count: 10_000),
                    ])
            )
        case 2: headers[name] = .string(pick(Self.strings))
        case 3: headers[name] = randomValue(depth: 2)
        default:
            root["headers"] = randomValue(depth: 1)
            return
        }
        root["headers"] = .object(headers)
    }

    mutating func mutateAuthorizer(_ root: inout [String: JSONValue]) {
        var context: [String: JSONValue] = [:]
        if case .object(let existing)? = root["requestContext"] { context = existing }
        var claims: [String: JSONValue] = ["sub": .string(pick(["x", "", "local-admin"])), "role": pick(Self.roles)]
        if chance(50) { claims["client_id"] = .string(pick(["CL001XYZ", "CL002ABC", "cl001xyz", "", "../x"])) }
        if chance(20) { claims["custom:role"] = pick(Self.roles) }
        switch int(0..<4) {
        case 0: context["authorizer"] = ["claims": .object(claims)]
        case 1: context["authorizer"] = ["jwt": ["claims": .object(claims), "scopes": .null]]
        case 2: context["authorizer"] = randomValue(depth: 1)
        default: context.removeValue(forKey: "authorizer")
        }
        root["requestContext"] = .object(context)
    }

    mutating func mutateBody(_ root: inout [String: JSONValue]) {
        if case .string(let body)? = root["body"], var value = try? JSON.decode(JSONValue.self, from: Data(body.utf8)),
            chance(70)
        {
            mutateRandomNode(&value, depth: 0)
            root["body"] = .string(String(decoding: (try? JSON.encode(value)) ?? Data(), as: UTF8.self))
        } else {
            root["body"] = pick([
                .string(pick(Self.strings)), .string(String(repeating: "{\"a\":", count: int(1..<80))),
                .string(String(repeating: "x", count: int(0..<200_000))), randomValue(depth: 1),
                .string(#"{"reason":"OTHER","notes":"\#(pick(Self.strings))"}"#),
            ])
        }
    }

    /// Replaces, wraps or swaps one node anywhere in the tree.
    mutating func mutateRandomNode(_ value: inout JSONValue, depth: Int) {
        switch value {
        case .object(var object) where !object.isEmpty && chance(75):
            let key = pick(object.keys.sorted())
            var child = object[key]!
            mutateRandomNode(&child, depth: depth + 1)
            object[key] = child
            if chance(10) { object[pick(Self.strings)] = randomValue(depth: 2) }
            value = .object(object)
        case .array(var array) where !array.isEmpty && chance(75):
            let index = int(0..<array.count)
            mutateRandomNode(&array[index], depth: depth + 1)
            if chance(10) { array += Array(repeating: array[index], count: int(1..<200)) }
            value = .array(array)
        default:
            switch int(0..<5) {
            case 0: value = randomValue(depth: 0)
            case 1:
                value = .string(
                    String(repeating: pick(Self.strings).isEmpty ? "x" : pick(Self.strings), count: int(1..<20_000))
                )
            case 2:
                for _ in 0..<pick([33, 70, 300]) { value = .array([value]) }
            case 3:
                value = .number(
                    pick([
                        Decimal(-1), Decimal(string: "1e120")!, Decimal(string: "0.000000001")!, Decimal(Int64.max),
                        Decimal(1.5),
                    ])
                )
            default: value = .string(pick(Self.strings))
            }
        }
    }

    mutating func randomValue(depth: Int) -> JSONValue {
        switch int(0..<(depth > 2 ? 4 : 6)) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2: return .number(Decimal(int(-1000..<1000)))
        case 3: return .string(pick(Self.strings))
        case 4: return .array((0..<int(0..<4)).map { _ in randomValue(depth: depth + 1) })
        default:
            return .object(
                Dictionary(
                    (0..<int(0..<4)).map { _ in (pick(Self.strings), randomValue(depth: depth + 1)) },
                    uniquingKeysWith: { a, _ in a }
                )
            )
        }
    }

    mutating func randomQuery() -> JSONValue {
        let names = ["limit", "next_token", "status", "client_id", "email", "presign", "expires_in", "filename"]
        switch int(0..<3) {
        case 0:
            return .string(
                pick(names) + "=" + pick(Self.strings).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            )
        case 1: return .object([pick(names): .string(pick(Self.strings))])
        default: return randomValue(depth: 1)
        }
    }
}
