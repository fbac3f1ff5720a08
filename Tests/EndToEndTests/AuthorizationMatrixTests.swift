import Cryptography
import Foundation
import Shared
import Testing
import WireFormat

/// Every route under every identity, through `testex-local api` (real tokens, the local
/// authorizer, the handler): the status and error code each must answer, and that whatever is
/// refused leaves the state as it was.
@Suite("Who may call which route")
struct AuthorizationMatrixTests {
    enum Identity: String, CaseIterable, Sendable {
        case admin, system, clientOwn, clientOther, anonymous, badToken
    }

    struct Row: Sendable {
        let name: String
        let words: [String]
        /// The client whose record the request is about ("own"); the other client is "other".
        let owner: String
        /// Statuses for admin, system, client-own, client-other; anonymous and bad token get 401.
        let expected: [Int]
        var isPublic = false
    }

    static let upload = #"{"filename":"a.txt","content_type":"text/plain","content_base64":"aGVsbG8="}"#
    static let newContract =
        #"{"client_id":"CL001XYZ","contract_type":"SERVICE","start_date":"2026-12-01","end_date":"2027-11-30","value":100}"#
    static let notification =
        #"{"template":"system-alert","to":"ops@testex-dev.com","values":{"severity":"INFO","title":"t","message":"m","environment":"dev"}}"#

    static let rows: [Row] = [
        Row(
            name: "list contracts",
            words: ["GET", "/api/contracts"],
            owner: "CL001XYZ",
            expected: [200, 200, 200, 200]
        ),
        Row(
            name: "create contract",
            words: ["POST", "/api/contracts", "--body", newContract],
            owner: "CL001XYZ",
            expected: [201, 201, 403, 403]
        ),
        Row(
            name: "get contract",
            words: ["GET", "/api/contracts/CT001ABC"],
            owner: "CL001XYZ",
            expected: [200, 200, 200, 404]
        ),
        Row(
            name: "update contract",
            words: ["PUT", "/api/contracts/CT001ABC", "--body", #"{"description":"Updated"}"#],
            owner: "CL001XYZ",
            expected: [200, 200, 403, 403]
        ),
        Row(
            name: "delete contract",
            words: ["DELETE", "/api/contracts/CT001ABC"],
            owner: "CL001XYZ",
            expected: [200, 403, 403, 403]
        ),
        Row(
            name: "terminate contract",
            words: ["POST", "/api/contracts/CT001ABC/terminate", "--body", #"{"reason":"OTHER"}"#],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "suspend contract",
            words: ["POST", "/api/contracts/CT001ABC/suspend", "--body", #"{"reason":"Audit"}"#],
            owner: "CL001XYZ",
            expected: [200, 403, 403, 403]
        ),
        Row(
            name: "reactivate contract",
            words: ["POST", "/api/contracts/CT003GHI/reactivate"],
            owner: "CL002ABC",
            expected: [200, 403, 403, 403]
        ),
        Row(
            name: "audit trail",
            words: ["GET", "/api/contracts/CT001ABC/audit"],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "list files",
            words: ["GET", "/api/contracts/CT002DEF/files"],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "upload file",
            words: ["POST", "/api/contracts/CT001ABC/files", "--body", upload],
            owner: "CL001XYZ",
            expected: [201, 403, 201, 404]
        ),
        Row(
            name: "upload link",
            words: [
                "POST", "/api/contracts/CT001ABC/files/upload-url", "--body",
                #"{"filename":"a.pdf","content_type":"application/pdf"}"#,
            ],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "download file",
            words: ["GET", "/api/contracts/CT002DEF/files/FLSAMPLE0001"],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "download link",
            words: ["GET", "/api/contracts/CT002DEF/files/FLSAMPLE0001?presign=true"],
            owner: "CL001XYZ",
            expected: [200, 403, 200, 404]
        ),
        Row(
            name: "delete file",
            words: ["DELETE", "/api/contracts/CT002DEF/files/FLSAMPLE0001"],
            owner: "CL001XYZ",
            expected: [200, 403, 403, 403]
        ),
        Row(name: "list clients", words: ["GET", "/api/clients"], owner: "CL001XYZ", expected: [200, 200, 403, 403]),
        Row(
            name: "create client",
            words: ["POST", "/api/clients", "--body", #"{"name":"Initech","email":"ops@initech.example"}"#],
            owner: "CL001XYZ",
            expected: [201, 201, 403, 403]
        ),
        Row(
            name: "get client",
            words: ["GET", "/api/clients/CL001XYZ"],
            owner: "CL001XYZ",
            expected: [200, 200, 200, 404]
        ),
        Row(
            name: "update client",
            words: ["PUT", "/api/clients/CL001XYZ", "--body", #"{"phone":"+1 555 0199"}"#],
            owner: "CL001XYZ",
            expected: [200, 200, 403, 403]
        ),
        Row(
            name: "send notification",
            words: ["POST", "/api/notifications", "--body", notification],
            owner: "CL001XYZ",
            expected: [201, 201, 403, 403]
        ),
        Row(
            name: "preflight",
            words: ["OPTIONS", "/api/contracts/CT001ABC"],
            owner: "CL001XYZ",
            expected: [204, 204, 204, 204],
            isPublic: true
        ),
        Row(
            name: "sign in",
            words: ["POST", "/auth"],
            owner: "CL001XYZ",
            expected: [200, 200, 200, 200],
            isPublic: true
        ),
    ]

    static let cases: [(row: Int, identity: Identity)] = rows.indices.flatMap { row in
        Identity.allCases.map { (row, $0) }
    }

    /// A well-formed admin token signed with a key that is not the state's.
    static let foreignToken = TokenSigner(key: SecureRandom.bytes(count: 32))
        .issue(subject: "local-admin", role: "admin", clientId: nil, now: Timestamp.parse("2026-11-22T10:00:00Z")!)

    static func identityWords(_ identity: Identity, owner: String) -> [String] {
        let other = owner == "CL001XYZ" ? "CL002ABC" : "CL001XYZ"
        switch identity {
        case .admin: return ["--as", "admin"]
        case .system: return ["--as", "system"]
        case .clientOwn: return ["--as", "client:\(owner)"]
        case .clientOther: return ["--as", "client:\(other)"]
        case .anonymous: return []
        case .badToken: return ["--token", foreignToken]
        }
    }

    static func expectedStatus(_ row: Row, _ identity: Identity) -> Int {
        switch identity {
        case .admin: row.expected[0]
        case .system: row.expected[1]
        case .clientOwn: row.expected[2]
        case .clientOther: row.expected[3]
        case .anonymous, .badToken: row.isPublic ? row.expected[0] : 401
        }
    }

    @Test func everyRouteIsInTheMatrix() {
        #expect(Self.rows.count == 22)
        #expect(Self.cases.count == 22 * 6)
    }

    @Test(arguments: cases.indices)
    func routeAnswersEachIdentityAsTheRolesAllow(_ index: Int) async throws {
        let (row, identity) = (Self.rows[Self.cases[index].row], Self.cases[index].identity)
        let label = "\(row.name) as \(identity.rawValue)"
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        var words = ["api"] + row.words + Self.identityWords(identity, owner: row.owner)
        if row.name == "sign in" {
            let password = try #require(try await Harness.samplePasswords()["admin"])
            words += ["--body", #"{"username":"admin","password":"\#(password)"}"#]
        }
        let before = harness.snapshot()
        let apiLogBefore = await harness.run("logs", "ApiGateway").stdout
        let result = await harness.run(words)
        let expected = Self.expectedStatus(row, identity)
        #expect(result.stderr.hasPrefix("HTTP \(expected)\n"), "\(label): \(result.stderr) \(result.stdout)")
        guard expected >= 400 else {
            if row.name == "list contracts", identity == .clientOwn || identity == .clientOther {
                let own = identity == .clientOwn ? row.owner : "CL002ABC"
                let owners = try #require(try result.json()["items"] as? [[String: Any]]).compactMap {
                    $0["client_id"] as? String
                }
                #expect(!owners.isEmpty && owners.allSatisfy { $0 == own }, "\(label) listed \(owners)")
            }
            return
        }
        let code = [401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND"][expected]
        #expect(
            try result.json()["error"].flatMap { $0 as? [String: Any] }?["code"] as? String == code,
            "\(label): \(result.stdout)"
        )
        #expect(harness.snapshot() == before, "\(label) changed the state")
        if identity == .badToken {
            let apiLogAfter = await harness.run("logs", "ApiGateway").stdout
            #expect(apiLogAfter == apiLogBefore, "\(label): ApiGateway ran although the authorizer refused the token")
        }
    }
}
