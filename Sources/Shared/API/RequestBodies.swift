import Foundation

/// The JSON bodies the API takes, declared once: ApiGateway checks each request body with these
/// rules, the OpenAPI document is generated from them, and the functions behind the API take
/// exactly these fields. What no field rule can say (an end date after the start date, a client
/// that exists, a transition the lifecycle allows) the functions answer with 409 or 422.
public enum RequestBodies {
    static let version = FieldRule.optional(
        "expected_version",
        .integer(1...Int(Int32.max)),
        "the version the change is based on; another version answers 409"
    )

    public static let createContract: [FieldRule] = [
        .optional("contract_id", .id(prefix: "CT", length: 8), "the new contract's id; drawn when absent"),
        .required("client_id", .id(prefix: "CL", length: 8), "the client the contract is with"),
        .required("contract_type", .code, "e.g. SERVICE"),
        .required("start_date", .day, "first day of the contract"),
        .required("end_date", .day, "last day of the contract, after start_date"),
        .required("value", .amount, "the contract's value, exact to the cent"),
        .optional("currency", .currency, "ISO 4217, e.g. EUR"),
        .optional("description", .text(maximum: 2000, allowEmpty: true), "plain text"),
    ]

    /// The terms of `createContract`, each optional, and the version the change is based on.
    public static let updateContract = changes(of: createContract, except: ["contract_id", "client_id"]) + [version]

    /// Suspend and reactivate.
    public static let statusChange: [FieldRule] = [
        .optional("reason", .text(maximum: 500), "why, for the audit trail and the notice"),
        version,
    ]

    public static let terminateContract: [FieldRule] = [
        .required("reason", .code, "e.g. MUTUAL_AGREEMENT"),
        .optional("effective_date", .day, "today when absent; a later day schedules the termination"),
        .optional("notes", .text(maximum: 2000), "plain text, shown in the notice"),
        version,
    ]

    public static let createClient: [FieldRule] = [
        .optional("client_id", .id(prefix: "CL", length: 8), "the new client's id; drawn when absent"),
        .required("name", .text(maximum: 200, lineBreaks: false), "the company's name"),
        .required("email", .email, "where notices go; unique among clients"),
        .optional("phone", .phone, "digits with optional +, spaces, dashes and parentheses"),
        .optional("address", .text(maximum: 500), "postal address"),
    ]

    public static let updateClient =
        changes(of: createClient, except: ["client_id"]) + [
            .optional(
                "status",
                .choice(ClientStatus.allCases.map(\.rawValue)),
                "an INACTIVE client takes no new contracts"
            ),
            version,
        ]

    public static let sendNotification: [FieldRule] = [
        .required(
            "template",
            .string(maximumBytes: 64, documented: .oneOf(TemplateName.allCases.map(\.rawValue))),
            "a template of the templates bucket"
        ),
        .required("to", .emails(maximum: maximumMailRecipients), "one address or a list"),
        .optional("values", .namedValues(maximum: 50, textMaximum: 2000), "the template's named values"),
        .optional("contract_id", .id(prefix: "CT", length: 8), "the contract the notification is about"),
    ]

    public static let createSubscription: [FieldRule] = [
        .optional("subscription_id", .id(prefix: "SB", length: 8), "the new subscription's id; drawn when absent"),
        // Documented narrower than `WebhookURL` takes: host names only (no IPv6 literals), ports up to 9999.
        .required(
            "url",
            .string(
                maximumBytes: WebhookURL.maximumLength,
                documented: .pattern(
                    "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][A-Za-z0-9.-]{0,252}(:[1-9][0-9]{0,3})?([/?][!-\"$-~]*)?$",
                    maximumLength: WebhookURL.maximumLength
                )
            ),
            "where events are POSTed: http or https, no credentials, no fragment"
        ),
        .required(
            "events",
            .list(of: .choice(SubscriptionEvent.names), maximum: SubscriptionEvent.names.count),
            "the event types to receive, or * for all"
        ),
        .optional("description", .text(maximum: 200, lineBreaks: false), "what the subscription is for"),
    ]

    public static let uploadDocument: [FieldRule] = [
        .required("filename", .filename, "the document's name"),
        .required("content_type", contentType, "the document's media type"),
        // FileHandler answers a larger document 413; the body's own limit applies here.
        .required(
            "content_base64",
            .string(
                maximumBytes: LambdaLimits.maximumPayloadBytes,
                documented: .pattern(
                    "^[A-Za-z0-9+/]*={0,2}$",
                    maximumLength: (DocumentLimits.maximumBytes / 3 + 1) * 4
                )
            ),
            "the document's bytes, base64 (at most \(DocumentLimits.maximumBytes / 1024 / 1024) MB decoded)"
        ),
    ]

    public static let uploadLink: [FieldRule] = [
        .required("filename", .filename, "the document's name"),
        .required("content_type", contentType, "the media type the upload must send"),
        .optional(
            "expires_in",
            .integer(DocumentLimits.linkLifetimes),
            "seconds the link lasts (default \(DocumentLimits.defaultLinkLifetime))"
        ),
    ]

    public static let createCampaign: [FieldRule] = [
        .optional(
            "csv_key",
            .string(
                maximumBytes: 64,
                documented: .pattern("^campaign-uploads/UP[A-Z0-9]{10}\\.csv$", maximumLength: 64)
            ),
            "the key an upload link of POST /api/campaigns/upload-url wrote the CSV to (or give csv)"
        ),
        .optional(
            "csv",
            .string(maximumBytes: LambdaLimits.maximumPayloadBytes),
            "the CSV itself: a header naming contract_id (and optionally reason, effective_date, "
                + "notes), then a row per contract"
        ),
        .required("reason", .code, "the termination reason of rows that give none, e.g. PRODUCT_DISCONTINUED"),
        .optional("effective_date", .day, "the effective date of rows that give none; today when absent"),
        .optional("notes", .text(maximum: 2000), "notes of rows that give none, shown in the notices"),
        .optional(
            "send_at",
            .string(maximumBytes: 40, documented: .pattern(timestampPattern, maximumLength: 40)),
            "when the terminations and notices go out (ISO-8601); now when absent"
        ),
        .optional(
            "callback_url",
            .string(maximumBytes: 2048, documented: .pattern("^https?://[^\\s#@]+$", maximumLength: 2048)),
            "http or https URL, without credentials, POSTed a signed event when the campaign ends"
        ),
        .optional(
            "callback_on",
            .choice(["end", "end_and_failed_rows"]),
            "end (the default), or also each row that fails"
        ),
    ]

    /// An ISO-8601 time with a zone: `2026-11-22T10:00:00Z`, with optional fractions or an offset.
    static let timestampPattern =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$"

    public static let campaignUploadLink: [FieldRule] = [
        .optional(
            "expires_in",
            .integer(DocumentLimits.linkLifetimes),
            "seconds the link lasts (default \(DocumentLimits.defaultLinkLifetime))"
        )
    ]

    public static let signIn: [FieldRule] = [
        .required(
            "username",
            .string(
                maximumBytes: 4096,
                documented: .pattern(
                    "^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$",
                    maximumLength: 64
                )
            ),
            "the user's name (case does not matter)"
        ),
        .required("password", .string(maximumBytes: 1024), "at most 1024 bytes"),
    ]

    /// The fields of a create that a change may carry, none of them required.
    static func changes(of create: [FieldRule], except kept: Set<String>) -> [FieldRule] {
        create.filter { !kept.contains($0.name) }.map { FieldRule.optional($0.name, $0.kind, $0.summary) }
    }

    static let contentType = FieldKind.string(
        maximumBytes: 255,
        documented: .oneOf(DocumentLimits.contentTypes.sorted())
    )
}
