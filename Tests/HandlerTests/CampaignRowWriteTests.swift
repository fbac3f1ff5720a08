import Foundation
import LocalHarness
import Shared
import Testing

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
}
