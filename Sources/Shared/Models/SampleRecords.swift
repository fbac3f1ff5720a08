/// The subscription `init --sample-data` creates: its URL is not on the loopback interface, so
/// locally its deliveries are recorded and never sent; `webhooks list` shows them.
public enum SampleSubscription {
    public static let id = "SBSAMPLE"
    public static let draft = SubscriptionDraft(
        subscriptionId: id,
        url: "https://hooks.example.com/testex",
        events: [SubscriptionEvent.contractTerminated, .contractTerminationScheduled, .notificationBounced].map(
            \.rawValue
        ),
        description: "Sample subscription: deliveries are recorded, never sent"
    )
}

/// The notification `init --sample-data` sends with a fixed id, so the API's examples and the
/// events in `events/` can name one: an alert to the operations address that the data is there.
public enum SampleNotification {
    public static let id = "NTSAMPLE000001"
    public static func request(caller: Caller) -> NotificationRequest {
        NotificationRequest(
            template: TemplateName.systemAlert.rawValue,
            to: ["ops@testex-dev.com"],
            values: [
                "severity": "INFO", "title": "Sample data created",
                "message": "The sample clients and contracts are in place.",
                "environment": "development",
            ],
            caller: caller,
            notificationId: id
        )
    }
}

/// The managed template `init --sample-data` saves: one no rule sends, so the template routes'
/// examples can change and delete it.
public enum SampleTemplate {
    public static let name = "maintenance-window"
    public static let draft = TemplateDraft(
        subject: "Planned maintenance on {{date}}",
        text: "Hello,\n\nTESTEX Contract Services will be unavailable on {{date}}, {{window}}.\n{{details}}\n\n"
            + "Questions: {{reply_to}}\n",
        html: "<!DOCTYPE html>\n<html>\n<body>\n<p>Hello,</p>\n"
            + "<p>TESTEX Contract Services will be unavailable on <strong>{{date}}</strong>, {{window}}.</p>\n"
            + "<p>{{details}}</p>\n<p>Questions: {{reply_to}}</p>\n</body>\n</html>\n",
        variables: ["date", "window", "details", "reply_to"],
        required: ["date", "window", "reply_to"]
    )
}
