import Foundation
import Testing

@Suite("Bad input is refused clearly and writes nothing")
struct BadInputTests {
    static let cases: [(name: String, words: [String], status: String)] = [
        ("malformed JSON body", ["api", "POST", "/api/contracts", "--body", "{not json", "--as", "admin"], "HTTP 400"),
        ("body not an object", ["api", "POST", "/api/contracts", "--body", "[1,2]", "--as", "admin"], "HTTP 400"),
        (
            "unknown field",
            ["api", "POST", "/api/contracts", "--body", #"{"client_id":"CL001XYZ","colour":"red"}"#, "--as", "admin"],
            "HTTP 400"
        ),
        (
            "wrong type", ["api", "PUT", "/api/contracts/CT001ABC", "--body", #"{"value": true}"#, "--as", "admin"],
            "HTTP 400"
        ),
        (
            "invalid date",
            ["api", "PUT", "/api/contracts/CT001ABC", "--body", #"{"end_date":"2027-02-30"}"#, "--as", "admin"],
            "HTTP 422"
        ),
        (
            "end before start",
            ["api", "PUT", "/api/contracts/CT001ABC", "--body", #"{"end_date":"2025-01-01"}"#, "--as", "admin"],
            "HTTP 422"
        ),
        (
            "negative amount", ["api", "PUT", "/api/contracts/CT001ABC", "--body", #"{"value": -5}"#, "--as", "admin"],
            "HTTP 422"
        ),
        (
            "three decimals",
            ["api", "PUT", "/api/contracts/CT001ABC", "--body", #"{"value": 1.005}"#, "--as", "admin"], "HTTP 422"
        ),
        ("invalid id in path", ["api", "GET", "/api/contracts/..%2Fetc", "--as", "admin"], "HTTP 400"),
        (
            "invalid email",
            ["api", "POST", "/api/clients", "--body", #"{"name":"X","email":"not-an-email"}"#, "--as", "admin"],
            "HTTP 422"
        ),
        (
            "unknown client",
            [
                "api", "POST", "/api/contracts", "--body",
                #"{"client_id":"CL999999","contract_type":"SERVICE","start_date":"2026-01-01","end_date":"2026-12-31","value":1}"#,
                "--as", "admin",
            ], "HTTP 422"
        ),
        (
            "suspending a suspended contract", ["api", "POST", "/api/contracts/CT003GHI/suspend", "--as", "admin"],
            "HTTP 409"
        ),
        ("bad status filter", ["api", "GET", "/api/contracts?status=BOGUS", "--as", "admin"], "HTTP 400"),
        ("bad limit", ["api", "GET", "/api/contracts?limit=0", "--as", "admin"], "HTTP 422"),
        ("forged next_token", ["api", "GET", "/api/contracts?next_token=abc", "--as", "admin"], "HTTP 400"),
        ("unknown route", ["api", "GET", "/api/nothing", "--as", "admin"], "HTTP 404"),
    ]

    @Test(arguments: cases.indices)
    func badRequestsGetAClear4xxAndChangeNothing(_ index: Int) async throws {
        let testCase = Self.cases[index]
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        let result = await harness.run(testCase.words)
        #expect(result.code == 4, "\(testCase.name): \(result.stderr)")
        #expect(result.stderr.hasPrefix(testCase.status), "\(testCase.name): \(result.stderr) \(result.stdout)")
        let error = try #require(try result.json()["error"] as? [String: Any], "\(testCase.name)")
        #expect((error["message"] as? String)?.isEmpty == false)
        #expect(harness.snapshot() == before, "\(testCase.name) changed the state")
    }

    @Test func malformedEventFilesAreUsageErrors() async throws {
        let harness = try await Harness.seeded()
        defer { harness.remove() }
        let before = harness.snapshot()
        let notJSON = await harness.run("invoke", "ApiGateway", "--event", "-", stdin: "{oops")
        #expect(notJSON.code == 2)
        #expect(notJSON.stderr.contains("not valid JSON"))
        let wrongShape = await harness.run("invoke", "ApiGateway", "--event", "-", stdin: #"{"httpMethod": 42}"#)
        #expect(wrongShape.code == 2)
        let unknownOperation = await harness.run(
            "invoke",
            "DatabaseManager",
            "--event",
            "-",
            stdin: #"{"operation":"drop_table"}"#
        )
        #expect(unknownOperation.code == 2)
        #expect(unknownOperation.stderr.contains("drop_table"))
        let unknownFunction = await harness.run("invoke", "Nope")
        #expect(unknownFunction.code == 2)
        let badOption = await harness.run("api", "GET", "/api/contracts", "--as", "root")
        #expect(badOption.code == 2)
        #expect(harness.snapshot() == before)
    }

    @Test func badClockIsAUsageError() async {
        var harness = Harness()
        harness.environment["TESTEX_NOW"] = "yesterday"
        defer { harness.remove() }
        let result = await harness.run("init")
        #expect(result.code == 2)
        #expect(result.stderr.contains("TESTEX_NOW"))
    }
}
