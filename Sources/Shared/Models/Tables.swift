/// Every table of the system, declared once: the stand-ins create them from here, the AWS client
/// addresses them from here, and the infrastructure template is checked against them.
public enum Tables {
    public static let contracts = TableDefinition(
        name: "contracts",
        partitionKey: KeyAttribute("contract_id"),
        indexes: [
            IndexDefinition(
                name: "client_id-index",
                partitionKey: KeyAttribute("client_id"),
                sortKey: KeyAttribute("contract_id")
            ),
            IndexDefinition(
                name: "status-index",
                partitionKey: KeyAttribute("status"),
                sortKey: KeyAttribute("contract_id")
            ),
        ],
        // A contract's changes drive the work that follows them (backup, archive, notices).
        stream: .newAndOldImages
    )

    public static let clients = TableDefinition(
        name: "clients",
        partitionKey: KeyAttribute("client_id"),
        indexes: [IndexDefinition(name: "email-index", partitionKey: KeyAttribute("email"))]
    )

    /// One guard item per client email, written in the same transaction as the client, so two
    /// clients can never share an email (DynamoDB has no unique constraint but its keys).
    public static let clientEmails = TableDefinition(name: "client-emails", partitionKey: KeyAttribute("email"))

    public static let auditLogs = TableDefinition(
        name: "audit-logs",
        partitionKey: KeyAttribute("log_id"),
        indexes: [
            IndexDefinition(
                name: "contract_id-index",
                partitionKey: KeyAttribute("contract_id"),
                sortKey: KeyAttribute("timestamp")
            )
        ]
    )

    public static let files = TableDefinition(
        name: "files",
        partitionKey: KeyAttribute("file_id"),
        indexes: [
            IndexDefinition(
                name: "contract_id-index",
                partitionKey: KeyAttribute("contract_id"),
                sortKey: KeyAttribute("uploaded_at")
            )
        ]
    )

    public static let notifications = TableDefinition(
        name: "notifications",
        partitionKey: KeyAttribute("notification_id"),
        indexes: [
            IndexDefinition(
                name: "contract_id-index",
                partitionKey: KeyAttribute("contract_id"),
                sortKey: KeyAttribute("sent_at")
            )
        ],
        // A notification's sending and delivery status become events for the subscriptions.
        stream: .newAndOldImages
    )

    /// Remembered answers of requests sent with an `Idempotency-Key`.
    public static let idempotency = TableDefinition(name: "idempotency", partitionKey: KeyAttribute("idempotency_key"))

    /// Addresses mail is no longer sent to, after a hard bounce or a complaint (as SES's account-level
    /// suppression list keeps them).
    public static let suppressions = TableDefinition(name: "suppressions", partitionKey: KeyAttribute("email_address"))

    /// Bounce and complaint notifications received from SES, by SES's feedback id.
    public static let emailFeedback = TableDefinition(name: "email-feedback", partitionKey: KeyAttribute("feedback_id"))

    /// Users who sign in (the local stand-in for Cognito), and their failed sign-ins.
    public static let users = TableDefinition(name: "users", partitionKey: KeyAttribute("username"))

    /// External systems' subscriptions to events, each with its URL and signing secret.
    public static let subscriptions = TableDefinition(
        name: "subscriptions",
        partitionKey: KeyAttribute("subscription_id")
    )

    /// Webhook deliveries, each with its attempts. Two sparse indexes hold the deliveries still
    /// waiting: by ordering key in sequence order (only a key's first may be sent), and by when
    /// their next attempt is due (what the retry rule sends).
    public static let webhookDeliveries = TableDefinition(
        name: "webhook-deliveries",
        partitionKey: KeyAttribute("delivery_id"),
        indexes: [
            IndexDefinition(
                name: "queue-index",
                partitionKey: KeyAttribute("waiting_key"),
                sortKey: KeyAttribute("sequence")
            ),
            IndexDefinition(
                name: "due-index",
                partitionKey: KeyAttribute("waiting"),
                sortKey: KeyAttribute("next_attempt_at")
            ),
        ]
    )

    /// Bulk terminations, as the email platform keeps its campaigns: the campaign, its batches
    /// (one Map iteration each, with its rows' counts) and its rows, by place in the file and,
    /// through the status index, by status.
    public static let campaigns = TableDefinition(name: "campaigns", partitionKey: KeyAttribute("campaign_id"))

    public static let campaignBatches = TableDefinition(
        name: "campaign-batches",
        partitionKey: KeyAttribute("campaign_id"),
        sortKey: KeyAttribute("batch_id")
    )

    public static let campaignRows = TableDefinition(
        name: "campaign-rows",
        partitionKey: KeyAttribute("campaign_id"),
        sortKey: KeyAttribute("row_key"),
        indexes: [
            IndexDefinition(
                name: "status-index",
                partitionKey: KeyAttribute("campaign_status"),
                sortKey: KeyAttribute("row_key")
            )
        ]
    )

    public static let all: [TableDefinition] = [
        contracts, clients, clientEmails, auditLogs, files, notifications, idempotency, suppressions, emailFeedback,
        users,
        subscriptions, webhookDeliveries, campaigns, campaignBatches, campaignRows,
    ]
}
