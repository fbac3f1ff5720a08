import Shared

/// `/api/notifications`: an ad-hoc notification from a template; what became of notifications.
enum NotificationRoutes {
    static let notificationId = Parameter.path("id", .id(prefix: "NT", length: 14), "the notification's id")
    static let contractFilter = Parameter.query(
        "contract_id",
        .id(prefix: "CT", length: 8),
        "only this contract's notifications"
    )
    static let statusFilter = Parameter.query(
        "status",
        .choice(NotificationStatus.allCases.map(\.rawValue)),
        "only notifications in this status"
    )

    static let all: [Route] = [
        RouteDeclaration(
            "GET",
            "/api/notifications",
            "listNotifications",
            "Notifications with their delivery status, a contract's (in time order) or all; a client sees its own"
        )
        .parameters(contractFilter, statusFilter, .limit, .nextToken)
        .example(["contract_id": "CT003GHI"])
        .answers(Page<NotificationLog>.self) { call in
            var filter = NotificationFilter(
                contractId: call.request.query["contract_id"],
                status: call.request.query["status"].flatMap(NotificationStatus.init(rawValue:))
            )
            // A list shows only what the caller may see, and a deleted contract keeps its
            // notifications: a contract that is absent or another client's gives an empty page.
            if let contractId = filter.contractId { try Validate.contractId(contractId) }
            if call.caller.role == .client { filter.clientId = call.caller.clientId }
            return try await call.database.notificationLogs(filter, page: try call.request.pageRequest())
        },
        RouteDeclaration(
            "GET",
            "/api/notifications/{id}",
            "getNotification",
            "A notification with its status history; a client sees its own"
        )
        .parameters(notificationId)
        .example(["id": SampleNotification.id])
        .answers(NotificationLog.self) { call in
            let id = call.parameters["id"] ?? ""
            guard NotificationID.isValid(id) else {
                throw DomainError.malformed(
                    "'\(id.prefix(40))' is not a notification id (NT + 12 upper-case letters or digits)"
                )
            }
            guard let log = try await call.database.notification(id) else {
                throw DomainError.notFound("notification \(id) does not exist")
            }
            if call.caller.role == .client, log.clientId != call.caller.clientId {
                throw DomainError.notFound("notification \(id) does not exist")
            }
            return log
        },
        RouteDeclaration("POST", "/api/notifications", "sendNotification", "Send a notification from a template")
            .roles([.admin, .system], to: "send notifications")
            .body(RequestBodies.sendNotification)
            .example(body: [
                "template": "system-alert", "to": "ops@testex-dev.com",
                "values": [
                    "severity": "INFO", "title": "Maintenance", "message": "Tonight 22:00 UTC",
                    "environment": "development",
                ],
            ])
            .answers(201, NotificationLog.self) { call in
                let fields = try call.fields()
                let to: [String] =
                    switch fields.values["to"] {
                    case .string(let address)?: [address]
                    case .array(let list)?: list.compactMap(\.stringValue)
                    default: []
                    }
                let request = NotificationRequest(
                    template: try fields.requiredString("template"),
                    to: to,
                    values: fields.templateValues(),
                    contractId: try fields.string("contract_id"),
                    caller: call.caller
                )
                return try await call.functions.invoke(
                    .notificationService,
                    request,
                    as: NotificationLog.self,
                    parent: call.context
                )
            },
    ]
}
