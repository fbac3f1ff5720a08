import ApiGateway
import Foundation
import NotificationService
import Shared
import WireFormat

/// The sample data of `init --sample-data`, created through ContractProcessor so it carries a
/// real audit trail. Every file in `events/` works on it.
public enum SampleData {
    static let caller = Caller(subject: "testex-local-init", role: .admin)
    /// The sample document of CT002DEF, with a fixed id so the events in `events/` can name it.
    public static let sampleFileId = "FLSAMPLE0001"

    static let clients: [[String: JSONValue]] = [
        [
            "client_id": "CL001XYZ", "name": "Client Company", "email": "contact@client.com",
            "phone": "+1 555 0100", "address": "1 Main Street, Springfield",
        ],
        [
            "client_id": "CL002ABC", "name": "Globex Industries", "email": "legal@globex.example",
            "phone": "+44 20 7946 0000", "address": "221B Baker Street, London",
        ],
    ]

    static let contracts: [[String: JSONValue]] = [
        [
            "contract_id": "CT001ABC", "client_id": "CL001XYZ", "contract_type": "SERVICE", "start_date": "2026-01-01",
            "end_date": "2027-12-31", "value": .number(Decimal(string: "50000.00")!), "currency": "EUR",
            "description": "Managed hosting and support",
        ],
        [
            "contract_id": "CT002DEF", "client_id": "CL001XYZ", "contract_type": "MAINTENANCE",
            "start_date": "2025-06-01",
            "end_date": "2026-12-15", "value": .number(Decimal(string: "12500.50")!), "currency": "EUR",
            "description": "Yearly maintenance of on-site equipment",
        ],
        [
            "contract_id": "CT003GHI", "client_id": "CL002ABC", "contract_type": "LICENSE", "start_date": "2026-03-01",
            "end_date": "2029-02-28", "value": .number(Decimal(string: "98000")!), "currency": "GBP",
            "description": "Enterprise licence, 500 seats",
        ],
        [
            "contract_id": "CT004JKL", "client_id": "CL002ABC", "contract_type": "CONSULTING",
            "start_date": "2026-02-01",
            "end_date": "2026-10-31", "value": .number(Decimal(string: "7200.75")!), "currency": "GBP",
            "description": "Migration consulting",
        ],
    ]

    /// Creates the sample records that are not there yet; existing ones are left alone.
    public static func seed(_ system: LocalSystem) async throws -> [String] {
        var created = try await seedClientsAndContracts(system)
        if created.contains("CT002DEF") {
            let text = Data("Maintenance schedule for CT002DEF: quarterly visits, 4-hour response.\n".utf8)
            let upload = FileRequest(
                action: .upload,
                caller: caller,
                contractId: "CT002DEF",
                fileId: sampleFileId,
                filename: "maintenance schedule.txt",
                contentType: "text/plain",
                contentBase64: text.base64EncodedString()
            )
            _ = try await system.invoke(.fileHandler, payload: try JSON.encode(upload))
            created.append(sampleFileId)
        }
        if created.contains("CT003GHI") {
            try await process(
                system,
                ContractRequest(
                    action: .suspendContract,
                    caller: caller,
                    contractId: "CT003GHI",
                    fields: ["reason": "Payment overdue"]
                )
            )
        }
        return created + (try await seedNotificationPlatform(system))
    }

    /// The sample clients, then their contracts: the ids of those created.
    private static func seedClientsAndContracts(_ system: LocalSystem) async throws -> [String] {
        var created: [String] = []
        for client in clients {
            let id = client["client_id"]!.stringValue!
            if try await exists(system, table: Tables.clients, key: ["client_id": .string(id)]) { continue }
            try await process(system, ContractRequest(action: .createClient, caller: caller, fields: client))
            created.append(id)
        }
        for contract in contracts {
            let id = contract["contract_id"]!.stringValue!
            if try await exists(system, table: Tables.contracts, key: ["contract_id": .string(id)]) { continue }
            try await process(system, ContractRequest(action: .createContract, caller: caller, fields: contract))
            created.append(id)
        }
        return created
    }

    /// The sample subscription, notification, managed template and campaign: the ids of those created.
    private static func seedNotificationPlatform(_ system: LocalSystem) async throws -> [String] {
        var created: [String] = []
        let subscription: Item = ["subscription_id": .string(SampleSubscription.id)]
        if try await !exists(system, table: Tables.subscriptions, key: subscription) {
            let request = SubscriptionRequest.create(SampleSubscription.draft, caller: caller, requestId: nil)
            _ = try await system.invoke(.notificationService, payload: try JSON.encode(request))
            created.append(SampleSubscription.id)
        }
        let notification: Item = ["notification_id": .string(SampleNotification.id)]
        if try await !exists(system, table: Tables.notifications, key: notification) {
            _ = try await system.invoke(
                .notificationService,
                payload: try JSON.encode(SampleNotification.request(caller: caller))
            )
            created.append(SampleNotification.id)
        }
        let templates = Buckets(system.configuration).templates
        if try await system.objects.listObjectVersions(
            bucket: templates,
            prefix: TemplateStore.key(SampleTemplate.name)
        )
        .isEmpty {
            let request = TemplateRequest.put(
                name: SampleTemplate.name,
                draft: SampleTemplate.draft,
                caller: caller,
                requestId: nil
            )
            _ = try await system.invoke(.notificationService, payload: try JSON.encode(request))
            created.append(SampleTemplate.name)
        }
        if try await !exists(system, table: Tables.campaigns, key: ["campaign_id": .string(SampleCampaign.id)]) {
            _ = try await system.invoke(.contractProcessor, payload: try JSON.encode(sampleCampaign))
            created.append(SampleCampaign.id)
        }
        return created
    }

    /// A campaign scheduled far ahead (it never runs on its own), so the campaign routes have one to show.
    static let sampleCampaign = CampaignRequest(
        .create,
        campaignId: SampleCampaign.id,
        caller: caller,
        fields: [
            "csv": "contract_id,notes\nCT004JKL,Reseller leaves\nCT003GHI,\n", "reason": "RESELLER_LEFT",
            "send_at": "2099-01-01T00:00:00Z",
        ]
    )

    private static func exists(_ system: LocalSystem, table: TableDefinition, key: Item) async throws -> Bool {
        try await system.tables.getItem(table: system.services.tableName(table), key: key) != nil
    }

    private static func process(_ system: LocalSystem, _ request: ContractRequest) async throws {
        _ = try await system.invoke(.contractProcessor, payload: try JSON.encode(request))
    }
}
