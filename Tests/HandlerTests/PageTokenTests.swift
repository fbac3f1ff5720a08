import Foundation
import Shared
import Testing
import WireFormat

/// The lists' `next_token`: DynamoDB's start-key rules, a 400 naming the token for one another
/// list returned or one that was altered, and the empty page after a list that ends on a full one.
@Suite("Paging through the API")
struct PageTokenTests {
    func page(
        _ test: TestSystem,
        _ path: String
    ) async throws -> (status: Int, items: [JSONValue], token: String?, message: String?) {
        let (status, body) = try await test.api("GET", path)
        guard case .array(let items)? = body["items"] else {
            return (status, [], nil, body["error"]?["message"]?.stringValue)
        }
        return (status, items, body["next_token"]?.stringValue, nil)
    }

    static func token(_ key: Item) -> String {
        PageToken.encode(key)!
    }

    @Test func aListEndingOnAFullPageAnswersAnEmptyLastPage() async throws {
        let test = try await TestSystem()
        // CL002ABC has two contracts: a full page of 2, then an empty one.
        let first = try await page(test, "/api/contracts?client_id=CL002ABC&limit=2")
        #expect(first.status == 200 && first.items.count == 2)
        let token = try #require(first.token, "a key whenever limit items were read")
        let last = try await page(test, "/api/contracts?client_id=CL002ABC&limit=2&next_token=\(token)")
        #expect(last.status == 200 && last.items.isEmpty && last.token == nil)
    }

    @Test func aTokenOfAnotherListOrAnAlteredOneIsA400NamingIt() async throws {
        let test = try await TestSystem()
        let own = try await page(test, "/api/contracts?client_id=CL001XYZ&limit=1")
        let token = try #require(own.token)
        let key = try #require(try PageToken.decode(token))
        let cases: [(String, String)] = [
            ("/api/contracts?client_id=CL002ABC&next_token=\(token)", "outside query boundaries"),
            ("/api/contracts?status=ACTIVE&next_token=\(token)", "starting key is invalid"),
            ("/api/contracts?next_token=\(token)", "does not match the schema"),
            (
                "/api/contracts?client_id=CL001XYZ&next_token=\(Self.token(key.merging(["status": "ACTIVE"]) { $1 }))",
                "starting key is invalid"
            ),
            (
                "/api/contracts?client_id=CL001XYZ&next_token=\(Self.token(["client_id": "CL001XYZ"]))",
                "starting key is invalid"
            ),
            ("/api/contracts/CT001ABC/audit?next_token=\(token)", "starting key is invalid"),
            ("/api/clients?next_token=\(token)", "does not match the schema"),
        ]
        for (path, reason) in cases {
            let answer = try await page(test, path)
            #expect(answer.status == 400, "\(path)")
            #expect(
                answer.message?.hasPrefix("next_token was not returned by this list (") == true,
                "\(path): \(answer.message ?? "")"
            )
            #expect(answer.message?.contains(reason) == true, "\(path): \(answer.message ?? "")")
        }
        let garbled = try await page(test, "/api/contracts?next_token=bm90LWpzb24")
        #expect(garbled.status == 400 && garbled.message == "next_token is not a token this API returned")
    }

    @Test func aNumberDynamoDBRefusesIsA400FromADirectInvoke() async throws {
        let test = try await TestSystem()
        var contract = try #require(try await test.contract("CT001ABC"))
        contract.value = Decimal(string: "1e126")!
        let audit = AuditLog(
            logId: "AL000000000001",
            contractId: "CT001ABC",
            entityType: "contract",
            entityId: "CT001ABC",
            action: "UPDATE_CONTRACT",
            actor: "t-admin",
            actorRole: "admin",
            timestamp: "2026-11-22T10:00:00.000Z",
            requestId: "r",
            before: nil,
            after: nil
        )
        let change = ContractChange(
            contractId: "CT001ABC",
            contract: contract,
            expectedVersion: contract.version,
            audit: audit
        )
        let error = await #expect(throws: DomainError.self) {
            _ = try await test.invoke(
                .databaseManager,
                DatabaseCall(.commitContract(change), for: TestSystem.admin),
                as: JSONValue.self
            )
        }
        #expect(error?.status == 400)
        #expect(
            error?.message.contains(
                "Number overflow. Attempting to store a number with magnitude larger than supported range"
            ) == true,
            "\(String(describing: error))"
        )
        #expect(try await test.contract("CT001ABC")?.value == Decimal(50000), "nothing was written")
    }
}
