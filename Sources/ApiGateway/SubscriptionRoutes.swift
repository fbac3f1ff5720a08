import Foundation
import Shared
import WireFormat

/// `/api/subscriptions...`: external systems' subscriptions to events, for admins and systems.
enum SubscriptionRoutes {
    static let subscriptionId = Parameter.path("id", .id(prefix: "SB", length: 8), "the subscription's id")

    static let all: [Route] = [
        RouteDeclaration(
            "GET",
            "/api/subscriptions",
            "listSubscriptions",
            "List the subscriptions (never their secrets)"
        )
        .roles([.admin, .system], to: "list subscriptions")
        .parameters(.limit, .nextToken)
        .example(["limit": "10"])
        .answers(Page<SubscriptionView>.self) { call in
            let page = try await call.database.subscriptions(page: try call.request.pageRequest())
            return Page(items: page.items.map { $0.view() }, nextToken: page.nextToken)
        },
        RouteDeclaration(
            "POST",
            "/api/subscriptions",
            "createSubscription",
            "Subscribe a URL to events; the answer shows the signing secret, this once"
        )
        .roles([.admin, .system], to: "manage subscriptions")
        .body(RequestBodies.createSubscription).conflicting()
        .example(body: [
            "url": "https://erp.example.com/testex/events", "events": ["contract.terminated", "contract.expired"],
            "description": "ERP sync",
        ])
        .answers(201, SubscriptionView.self) { call in
            let fields = try call.fields()
            guard case .array(let list)? = fields.values["events"] else {
                throw DomainError.invalid("events is required")
            }
            let events = try list.map(Self.eventName)
            let draft = SubscriptionDraft(
                subscriptionId: try fields.string("subscription_id"),
                url: try fields.requiredString("url"),
                events: events,
                description: try fields.string("description")
            )
            return try await call.functions.invoke(
                .notificationService,
                SubscriptionRequest.create(draft, caller: call.caller, requestId: call.request.requestID),
                as: SubscriptionView.self,
                parent: call.context
            )
        },
        RouteDeclaration("GET", "/api/subscriptions/{id}", "getSubscription", "Read a subscription (never its secret)")
            .roles([.admin, .system], to: "read subscriptions")
            .parameters(subscriptionId)
            .example(["id": SampleSubscription.id])
            .answers(SubscriptionView.self) { call in
                let id = try Self.id(call)
                guard let subscription = try await call.database.subscription(id) else {
                    throw DomainError.notFound("subscription \(id) does not exist")
                }
                return subscription.view()
            },
        RouteDeclaration("DELETE", "/api/subscriptions/{id}", "deleteSubscription", "Delete a subscription; answers it")
            .roles([.admin, .system], to: "manage subscriptions")
            .parameters(subscriptionId).conflicting()
            .example(["id": SampleSubscription.id])
            .answers(SubscriptionView.self) { call in
                let request = SubscriptionRequest.delete(
                    subscriptionId: try Self.id(call),
                    caller: call.caller,
                    requestId: call.request.requestID
                )
                return try await call.functions.invoke(
                    .notificationService,
                    request,
                    as: SubscriptionView.self,
                    parent: call.context
                )
            },
    ]

    static func id(_ call: RouteCall) throws -> String {
        let id = call.parameters["id"] ?? ""
        guard Validate.isId(id, prefix: "SB") else {
            throw DomainError.malformed(
                "'\(id.prefix(40))' is not a subscription id (SB + 6 upper-case letters or digits)"
            )
        }
        return id
    }

    private static func eventName(_ value: JSONValue) throws -> String {
        guard let name = value.stringValue else { throw DomainError.malformed("events must list event type names") }
        return name
    }
}
