import Foundation
import LocalHarness
import Shared
import Testing

/// Campaigns invoked directly: DatabaseManager's campaign records and ContractProcessor's
/// campaign tasks answer only the roles whose work needs them, and change nothing otherwise.
extension InternalCallerTests {
    /// The campaign the sample data schedules far ahead.
    static let sampleCampaign = "CP0001SA"
    static let campaignAdmin = #"{"sub":"t-admin","role":"admin"}"#
    static let stateMachine = #"{"sub":"campaign-state-machine","role":"service"}"#
    static let integration = #"{"sub":"integration","role":"system"}"#

    @Test(arguments: [
        #"{"operation":"get_campaign","campaign_id":"\#(sampleCampaign)"}"#,
        #"{"operation":"list_campaign_batches","campaign_id":"\#(sampleCampaign)"}"#,
    ])
    func campaignRecordsRequireACaller(_ request: String) async throws {
        let test = try await TestSystem()
        #expect(await invoke(test, .databaseManager, request).status == 400)
    }

    @Test(arguments: [
        #"{"operation":"get_campaign","campaign_id":"\#(sampleCampaign)","caller":\#(otherClient)}"#,
        #"{"operation":"list_campaign_rows","campaign_id":"\#(sampleCampaign)","caller":\#(stateMachine)}"#,
        #"{"operation":"campaign_batch_rows","campaign_id":"\#(sampleCampaign)","batch_id":"B0001","#
            + #""caller":\#(campaignAdmin)}"#,
        #"{"operation":"settle_campaign_batch","rows":[],"batches":[],"caller":\#(integration)}"#,
    ])
    func campaignRecordsAnswerOnlyTheRolesWhoseWorkNeedsThem(_ request: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.allItems(of: Tables.campaignBatches)
        let answer = await invoke(test, .databaseManager, request)
        #expect(answer.status == 403, "\(request): \(String(describing: answer.body))")
        #expect(try await test.system.allItems(of: Tables.campaignBatches) == before)
    }

    @Test func theCampaignRoutesRolesAndTheStateMachineReadACampaign() async throws {
        let test = try await TestSystem()
        for caller in [Self.campaignAdmin, Self.integration, Self.stateMachine] {
            let answer = await invoke(
                test,
                .databaseManager,
                #"{"operation":"get_campaign","campaign_id":"\#(Self.sampleCampaign)","caller":\#(caller)}"#
            )
            #expect(answer.body?["record"]?["campaign_id"]?.stringValue == Self.sampleCampaign, "\(caller)")
        }
    }

    @Test(arguments: [
        (#"{"campaign_task":"start","campaign_id":"\#(sampleCampaign)"}"#, 400),
        (#"{"campaign_task":"start","campaign_id":"\#(sampleCampaign)","caller":\#(campaignAdmin)}"#, 403),
        (#"{"campaign_task":"finish","campaign_id":"\#(sampleCampaign)","caller":\#(integration)}"#, 403),
        (
            #"{"campaign_task":"run_batch","campaign_id":"\#(sampleCampaign)","batch_id":"B0001","#
                + #""caller":\#(ownerOfCT003)}"#, 403
        ),
        (#"{"campaign_task":"cancel","campaign_id":"\#(sampleCampaign)","caller":\#(otherClient)}"#, 403),
        (#"{"campaign_task":"cancel","campaign_id":"\#(sampleCampaign)","caller":\#(stateMachine)}"#, 403),
    ])
    func campaignTasksRefuseACallerWhoseRoleMayNotRunThem(_ request: String, status: Int) async throws {
        let test = try await TestSystem()
        let before = try await test.system.allItems(of: Tables.campaigns)
        let answer = await invoke(test, .contractProcessor, request)
        #expect(answer.status == status, "\(request): \(String(describing: answer.body))")
        #expect(try await test.system.allItems(of: Tables.campaigns) == before)
    }
}
