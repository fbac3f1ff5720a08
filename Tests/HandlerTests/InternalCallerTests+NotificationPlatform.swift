import Foundation
import LocalHarness
import Shared
import Testing
import WireFormat

/// The notification platform's records in DatabaseManager, invoked directly: each operation
/// answers the roles whose work needs it, and a client lists only its own notifications.
extension InternalCallerTests {
    static let admin = #"{"sub":"t-admin","role":"admin"}"#
    static let now = "2026-11-22T10:00:00.000Z"

    @Test(arguments: [
        #"{"operation":"list_subscriptions"}"#,
        #"{"operation":"due_webhook_deliveries","now":"2026-11-22T10:00:00.000Z"}"#,
    ])
    func theNotificationPlatformsOperationsRequireACaller(_ request: String) async throws {
        let test = try await TestSystem()
        #expect(await invoke(test, .databaseManager, request).status == 400)
    }

    @Test(arguments: [
        #"{"operation":"due_webhook_deliveries","now":"\#(now)","caller":\#(admin)}"#,
        #"{"operation":"claim_webhook_delivery","delivery_id":"WD1","lease_id":"l","now":"\#(now)","#
            + #""until":"\#(now)","caller":\#(admin)}"#,
        #"{"operation":"update_notification_status","notification_id":"\#(SampleNotification.id)","#
            + #""change":{"status":"COMPLAINED","at":"\#(now)"},"caller":\#(admin)}"#,
        #"{"operation":"list_subscriptions","caller":\#(otherClient)}"#,
        #"{"operation":"get_subscription","subscription_id":"SBSAMPLE","caller":{"sub":"s","role":"service"}}"#,
        // Only the stream's consumer publishes events, and a client reads no notice's context.
        #"{"operation":"publish_events","publication":{"events":[],"lease_id":"l","now":"\#(now)","until":"\#(now)"},"#
            + #""caller":\#(admin)}"#,
        #"{"operation":"notice_context","query":{"recipients":["a@b.example"],"client_id":"CL001XYZ"},"#
            + #""caller":\#(otherClient)}"#,
    ])
    func theNotificationPlatformsRecordsAnswerOnlyTheRolesWhoseWorkNeedsThem(_ request: String) async throws {
        let test = try await TestSystem()
        let before = try await test.system.allItems(of: Tables.notifications)
        let answer = await invoke(test, .databaseManager, request)
        #expect(answer.status == 403, "\(request): \(String(describing: answer.body))")
        #expect(try await test.system.allItems(of: Tables.notifications) == before)
    }

    @Test func aClientListsAndReadsOnlyItsOwnNotifications() async throws {
        let test = try await TestSystem()
        let sent = await invoke(
            test,
            .notificationService,
            #"{"template":"system-alert","to":["ops@testex-dev.com"],"contract_id":"CT003GHI","#
                + #""values":{"severity":"INFO","title":"t","message":"m","environment":"e"},"caller":"# + Self.admin
                + "}"
        )
        let id = try #require(sent.body?["notification_id"]?.stringValue)
        func list(_ caller: String, filter: String) async -> [String] {
            let answer = await invoke(
                test,
                .databaseManager,
                #"{"operation":"list_notification_logs","filter":\#(filter),"caller":\#(caller)}"#
            )
            return answer.body?["items"]?.arrayValue?.compactMap { $0["notification_id"]?.stringValue } ?? []
        }
        #expect(await list(Self.ownerOfCT003, filter: "{}").contains(id))
        #expect(await list(Self.otherClient, filter: #"{"client_id":"CL002ABC"}"#).isEmpty)
        #expect(await list(Self.otherClient, filter: #"{"contract_id":"CT003GHI"}"#).isEmpty)
        func read(_ caller: String) async -> JSONValue? {
            let answer = await invoke(
                test,
                .databaseManager,
                #"{"operation":"get_notification","notification_id":"\#(id)","caller":\#(caller)}"#
            )
            return answer.status == 200 ? answer.body?["record"] ?? .null : nil
        }
        #expect(await read(Self.ownerOfCT003)?["notification_id"]?.stringValue == id)
        #expect(await read(Self.otherClient) == .null)
    }
}

/// NotificationService's webhook work, invoked directly: it names its caller, and only the
/// functions' own work enqueues deliveries; nothing is recorded for anyone else.
extension InternalCallerTests {
    static let hostileMessage =
        #"{"event_id":"evt_x","event_type":"contract.created","body":{},"#
        + #""target":{"id":"SBEVIL1","url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123"},"#
        + #""source":"evil","ordering_key":"k","sequence":"1"}"#

    @Test(arguments: [
        (#"{"action":"enqueue_webhooks","messages":[\#(hostileMessage)]}"#, 400),
        (#"{"action":"enqueue_webhooks","messages":[\#(hostileMessage)],"caller":\#(admin)}"#, 403),
        (#"{"action":"enqueue_webhooks","messages":[\#(hostileMessage)],"caller":\#(otherClient)}"#, 403),
        (#"{"action":"dispatch_webhooks","caller":\#(admin)}"#, 403),
        (#"{"action":"redeliver_webhook","delivery_id":"WD1","caller":\#(otherClient)}"#, 403),
    ])
    func webhookWorkAnswersOnlyItsCallers(_ request: String, _ status: Int) async throws {
        let test = try await TestSystem()
        let before = try await test.system.allItems(of: Tables.webhookDeliveries)
        #expect(await invoke(test, .notificationService, request).status == status, "\(request)")
        #expect(try await test.system.allItems(of: Tables.webhookDeliveries) == before)
    }
}
