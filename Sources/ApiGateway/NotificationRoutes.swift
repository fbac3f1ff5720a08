import Shared

/// `POST /api/notifications`: an ad-hoc notification from a template.
enum NotificationRoutes {
    static let all: [Route] = [
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
                var values: [String: String] = [:]
                if case .object(let object)? = fields.values["values"] {
                    for (name, value) in object {
                        switch value {
                        case .string(let text): values[name] = text
                        case .number(let number): values[name] = "\(number)"
                        case .bool(let flag): values[name] = flag ? "true" : "false"
                        default: continue
                        }
                    }
                }
                let request = NotificationRequest(
                    template: try fields.requiredString("template"), to: to, values: values,
                    contractId: try fields.string("contract_id"), caller: call.caller)
                return try await call.functions.invoke(
                    .notificationService, request, as: NotificationLog.self, parent: call.context)
            }
    ]
}
