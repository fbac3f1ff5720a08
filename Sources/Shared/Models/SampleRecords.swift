/// The subscription `init --sample-data` creates: its URL is not on the loopback interface, so
/// locally its deliveries are recorded and never sent; `webhooks list` shows them.
public enum SampleSubscription {
    public static let id = "SBSAMPLE"
    public static let draft = SubscriptionDraft(
        subscriptionId: id, url: "https://hooks.example.com/testex",
        events: [SubscriptionEvent.contractTerminated, .contractTerminationScheduled, .notificationBounced].map(\.rawValue),
        description: "Sample subscription: deliveries are recorded, never sent")
}

/// The notification `init --sample-data` sends with a fixed id, so the API's examples and the
/// events in `events/` can name one: an alert to the operations address that the data is there.
public enum SampleNotification {
    public static let id = "NTSAMPLE000001"
    public static func request(caller: Caller) -> NotificationRequest {
        NotificationRequest(
            template: TemplateName.systemAlert.rawValue, to: ["ops@testex-dev.com"],
            values: ["severity": "INFO", "title": "Sample data created", "message": "The sample clients and contracts are in place.",
                     "environment": "development"],
            caller: caller, notificationId: id)
    }
}
