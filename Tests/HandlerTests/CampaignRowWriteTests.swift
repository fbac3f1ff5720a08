import Foundation
import LocalAWS
import LocalHarness
import Shared
import TestSupport
import Testing
import WireFormat

/// A campaign's rows are written in transactions of at most DynamoDB's 100 actions: a campaign of
/// more rows than that has every one of them, in batches of 100.
@Suite struct CampaignRowWriteTests {
    @Test func aCampaignOfMoreRowsThanOneTransactionHoldsHasEveryRow() async throws {
        let test = try await TestSystem()
        let ids = (0..<230).map { String(format: "CTZZ%04d", $0) }
        let body = try JSON.string(
            [
                "csv": "contract_id\n" + ids.joined(separator: "\n") + "\n",
                "reason": "PRODUCT_DISCONTINUED",
                "send_at": "2099-01-01T00:00:00Z",
            ] as [String: String]
        )
        let created = try await test.api("POST", "/api/campaigns", body: body)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.body["campaign"]?["campaign_id"]?.stringValue)
        let rows = try await test.system.allItems(of: Tables.campaignRows).filter { $0["campaign_id"] == .string(id) }
        #expect(Set(rows.compactMap { $0["contract_id"]?.stringValue }) == Set(ids))
        let batches = try await test.system.allItems(of: Tables.campaignBatches).filter {
            $0["campaign_id"] == .string(id)
        }
        #expect(batches.count == 3)
    }

    /// A batch's rows read their contracts and their keys' answers in one call, not one per row.
    @Test func aBatchReadsItsRowsContractsInOneCall() async throws {
        let test = try await TestSystem(logLevel: .debug)
        _ = try await test.system.drain()
        let active = try await test.activeContractIds()
        try #require(active.count >= 2)
        let records = Recorded<InvocationRecord>()
        test.system.lambda.observe { records.append($0) }
        let body = try JSON.string(
            ["csv": "contract_id\n" + active.joined(separator: "\n") + "\n", "reason": "PRODUCT_DISCONTINUED"]
                as [String: String]
        )
        let created = try await test.api("POST", "/api/campaigns", body: body)
        #expect(created.status == 201, "\(created.body)")
        _ = try await test.system.drain()
        let operations = TerminationCallsTests.operations(records.all)
        #expect(operations.filter { $0 == "get_contracts_for_change" }.count == 1, "\(operations)")
        #expect(!operations.contains("get_contract_for_change"), "\(operations)")
        let after = try await test.system.allItems(of: Tables.contracts).map { try $0.decode(Contract.self) }
        #expect(after.filter { active.contains($0.contractId) }.allSatisfy { $0.status == .terminated })
    }
}
