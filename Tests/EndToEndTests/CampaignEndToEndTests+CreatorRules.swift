import Foundation
import Shared
import Testing
import WireFormat

/// A campaign's rows are terminated with the rules of the caller who created it, and recorded as
/// that caller: a system caller may not backdate a termination, an admin may.
extension CampaignEndToEndTests {
    /// The campaign's id and the subject it was created by.
    func createCampaign(_ harness: Harness, csv: String, as user: String) async throws -> (id: String, by: String) {
        let fields = ["csv": csv, "reason": "PRODUCT_DISCONTINUED"]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let created = await harness.run("api", "POST", "/api/campaigns", "--body", body, "--as", user)
        try #require(created.code == 0, "\(created.stdout) \(created.stderr)")
        let campaign = try #require(try JSONValueParser.parse(Data(created.stdout.utf8))["campaign"])
        #expect(campaign["created_by_role"] == .string(user))
        return (try #require(campaign["campaign_id"]?.stringValue), try #require(campaign["created_by"]?.stringValue))
    }

    func terminationAudits(_ harness: Harness, _ contractId: String) async throws -> [JSONValue] {
        let scanned = await harness.run("db", "scan", "audit-logs", "--output", "json")
        let items = try #require(try JSONValueParser.parse(Data(scanned.stdout.utf8)).arrayValue)
        return items.filter { $0["contract_id"] == .string(contractId) && $0["action"] == "TERMINATE_CONTRACT" }
    }

    @Test func aSystemCreatedCampaignMayNotBackdateWhileAnAdminsMay() async throws {
        var harness = try await Harness.seeded()
        defer { harness.remove() }
        let csv = "contract_id,effective_date\nCT001ABC,2026-11-01\nCT002DEF,\n"
        let bySystem = try await createCampaign(harness, csv: csv, as: "system")
        let systemRows = try await rows(harness, bySystem.id)
        #expect(systemRows.map(\.status) == [.failed, .terminated], "\(systemRows)")
        #expect(systemRows.first?.why?.contains("role system may not backdate a termination") == true, "\(systemRows)")
        #expect(try await terminationAudits(harness, "CT001ABC").isEmpty, "the refused row changed nothing")
        let systemAudit = try await terminationAudits(harness, "CT002DEF")
        #expect(systemAudit.count == 1 && systemAudit.first?["actor_role"] == "system", "\(systemAudit)")
        #expect(systemAudit.first?["actor"] == .string(bySystem.by), "\(systemAudit)")

        let backdated = "contract_id,effective_date\nCT001ABC,2026-11-01\n"
        let byAdmin = try await createCampaign(harness, csv: backdated, as: "admin")
        #expect(try await rows(harness, byAdmin.id).map(\.status) == [.terminated])
        let adminAudit = try await terminationAudits(harness, "CT001ABC")
        #expect(adminAudit.count == 1 && adminAudit.first?["actor_role"] == "admin", "\(adminAudit)")
        #expect(adminAudit.first?["details"]?["backdated"] == "true", "\(adminAudit)")
    }
}
