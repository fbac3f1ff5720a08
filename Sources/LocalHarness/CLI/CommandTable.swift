import Shared

/// Every command of `testex-local`, in the order `help` lists them. The usage lines, `--help`,
/// the README's CLI reference (checked by a test) and the bash and zsh completion are generated
/// from here, so a new command is one entry.
enum Commands {
    static let all: [CommandSpec] = functions + state + readers + queueAndSchedules + tools

    /// The options every command takes, before or after the command's words.
    static let globalOptions = [
        OptionSpec(
            "--state",
            "DIR",
            "the state directory (else $TESTEX_STATE_DIR, else ./.testex)",
            completion: .directories
        ),
        OptionSpec("--memory", "keep everything in memory for this one command (nothing touches the disk)"),
        OptionSpec(
            "--no-drain",
            "leave what follows the command (queued invocations, stream records) for `queue drain`"
        ),
        OptionSpec(
            "--backend",
            "local|aws",
            "where tables, objects and mail live (else $TESTEX_BACKEND)",
            completion: .words(["local", "aws"])
        ),
        OptionSpec("--endpoint", "URL", "the AWS endpoint of --backend aws (else $TESTEX_ENDPOINT; e.g. moto_server)"),
    ]

    static let function = ArgumentSpec(
        "<Function>",
        "ApiGateway, ContractProcessor, DatabaseManager, FileHandler or "
            + "NotificationService (or the kebab or deployed name)",
        completion: .functions
    )
    static let table = ArgumentSpec(
        "<table>",
        Tables.all.map(\.name).joined(separator: ", ") + " (or the deployed name)",
        completion: .tables
    )
    static let optionalTable = ArgumentSpec(
        "table",
        "a table with a stream (default contracts)",
        optional: true,
        completion: .tables
    )
    static let dynamoDBJSON = OptionSpec(
        "--dynamodb-json",
        "print items in DynamoDB's typed JSON, as `aws dynamodb` prints them"
    )
    static let rule = ArgumentSpec("<rule>", Schedules.all.map(\.name).joined(separator: ", "), completion: .rules)
    static let at = OptionSpec("--at", "TIME", "the time of the firing (ISO-8601, or YYYY-MM-DD); else the clock")
    static let requestOptions = [
        OptionSpec(
            "--body",
            "JSON|@FILE|-",
            "the request body: JSON text, @FILE (any readable path), or - or @- for standard input",
            completion: .files
        ),
        OptionSpec("--header", "K:V", "a request header", repeats: true),
        OptionSpec(
            "--as",
            "ROLE",
            "admin, system, client:<client_id> or anonymous (the default)",
            completion: .words(["admin", "system", "client:", "anonymous"])
        ),
        OptionSpec("--token", "T", "send this bearer token instead (from POST /auth or `token`)"),
        OptionSpec("--v2", "an HTTP API (v2) event instead of a REST API (v1) one"),
        OptionSpec("--base64", "send the body base64-encoded with isBase64Encoded (binary uploads)"),
    ]
    static let requestArguments = [
        ArgumentSpec(
            "<METHOD>",
            "GET, POST, PUT, DELETE, PATCH, OPTIONS or HEAD",
            completion: .words(["GET", "POST", "PUT", "DELETE", "OPTIONS"])
        ),
        ArgumentSpec("<PATH>", "the path with its query, e.g. '/api/contracts?status=ACTIVE'"),
    ]

    static let functions: [CommandSpec] = [
        CommandSpec(
            ["invoke"],
            [function],
            options: [
                OptionSpec(
                    "--event",
                    "FILE|-",
                    "the event: any readable path (/dev/stdin, <(...)), or - for standard input; {} when absent",
                    completion: .files
                ),
                OptionSpec("--async", "an Event invoke: answered 202 with the request id, run after the command"),
            ],
            summary: "invoke a function with a JSON event, as `sam local invoke -e` does; its JSON result on stdout",
            details: "A function error prints Lambda's {\"errorType\",\"errorMessage\"} and exits 1; "
                + "a malformed event exits 2.",
            run: InvokeCommand.run
        ),
        CommandSpec(
            ["api"],
            requestArguments,
            options: requestOptions,
            summary: "send one request through the local authorizer and ApiGateway; "
                + "body on stdout, `HTTP <status>` on stderr",
            details: """
                --as mints a real bearer token signed with the state's key; the local authorizer verifies
                it and puts the claims where API Gateway's Cognito authorizer puts them.
                Exit 0 below 400, 4 for a 4xx, 5 for a 5xx.
                Example: testex-local api GET /api/contracts/CT001ABC --as admin
                """,
            run: ApiCommand.run
        ),
        CommandSpec(
            ["generate-event", "api"],
            requestArguments,
            options: requestOptions,
            summary: "print the API Gateway event `api` would send (--as writes the claims into it)",
            run: GenerateEventCommand.api
        ),
        CommandSpec(
            ["generate-event", "schedule"],
            [rule],
            options: [at],
            summary: "print the EventBridge \"Scheduled Event\" a rule sends",
            run: GenerateEventCommand.schedule
        ),
        CommandSpec(
            ["generate-event", "dynamodb"],
            [optionalTable],
            options: [
                OptionSpec("--old", "ITEM|@FILE", "the item before the change, as plain JSON (none for an INSERT)"),
                OptionSpec("--new", "ITEM|@FILE", "the item after the change, as plain JSON (none for a REMOVE)"),
                OptionSpec("--sequence", "N", "the record's sequence number (default 100000000000000000001)"),
            ],
            summary: "print a DynamoDB stream batch of one record, as an event source mapping delivers it",
            details: "INSERT with --new only, REMOVE with --old only, MODIFY with both; the keys come from the items.\n"
                + "Example: testex-local generate-event dynamodb --old @before.json --new @after.json",
            run: GenerateEventCommand.dynamodb
        ),
        CommandSpec(
            ["token"],
            options: [
                OptionSpec(
                    "--as",
                    "ROLE",
                    "admin, system or client:<client_id>",
                    required: true,
                    completion: .words(["admin", "system", "client:"])
                )
            ],
            summary: "print a bearer token signed with this state's key (valid 1 hour)",
            run: TokenCommand.run
        ),
        CommandSpec(
            ["serve"],
            options: [
                OptionSpec("--port", "N", "the port on 127.0.0.1 (default 3000; 0 picks a free one)"),
                OptionSpec("--v2", "send HTTP API (v2) events instead of REST API (v1) ones"),
                OptionSpec(
                    "--max-connections",
                    "N",
                    "connections open at once, 1 to 4096 (default 256); more are answered 503"
                ),
                OptionSpec("--header-timeout", "S", "seconds a client has to send a request's head (default 10)"),
                OptionSpec("--quiet", "do not print one line per request on stderr"),
            ],
            summary:
                "the API over HTTP on 127.0.0.1 for browsers, curl and generated clients; serves presigned links too",
            details: """
                Each request becomes the proxy event `api` builds and passes the same local authorizer; after
                each one, what it queued runs, as after a command. Presigned links name this address while it runs.
                Ctrl-C (SIGINT) or SIGTERM stops it after the requests in flight.
                Example: testex-local serve --port 3000 & curl -s localhost:3000/api/contracts \
                -H "Authorization: Bearer $(testex-local token --as admin)"
                """,
            run: ServeCommand.run
        ),
        CommandSpec(
            ["openapi"],
            options: [OptionSpec("--json", "print JSON instead of YAML")],
            summary: "print the API's OpenAPI 3.1 document (infrastructure/openapi.yaml is this output)",
            run: OpenAPICommand.run
        ),
    ]

    static let state: [CommandSpec] = [
        CommandSpec(
            ["init"],
            options: [OptionSpec("--sample-data", "also create the sample clients, contracts, document and users")],
            summary: "create the tables, buckets and email templates (and sample data; passwords are printed once)",
            run: StateCommands.initialize
        ),
        CommandSpec(
            ["reset"],
            options: [OptionSpec("--sample-data", "also create the sample data again")],
            summary: "delete the state directory's contents and initialize it again",
            run: StateCommands.reset
        ),
        CommandSpec(
            ["demo"],
            summary: "walk a contract from creation to termination, printing each step as a command",
            run: DemoCommand.run
        ),
        CommandSpec(
            ["doctor"],
            options: [OptionSpec("--repair", "fix what can be fixed without losing acknowledged data")],
            summary: "check the state directory, one line per problem (exit 0 when healthy)",
            run: DoctorCommand.run
        ),
    ]

    static let readers: [CommandSpec] = [
        CommandSpec(
            ["db", "tables"],
            options: [.output],
            summary: "list the tables with their keys, indexes and item counts",
            run: DbCommand.tables
        ),
        CommandSpec(
            ["db", "scan"],
            [table],
            options: [.output, dynamoDBJSON],
            summary: "print every item of a table",
            run: DbCommand.scan
        ),
        CommandSpec(
            ["db", "get"],
            [table, ArgumentSpec("<key>", "the key value, or the key as a JSON object")],
            options: [.output, dynamoDBJSON],
            summary: "print one item (exit 4 when there is none)",
            run: DbCommand.get
        ),
        CommandSpec(
            ["s3", "ls"],
            [ArgumentSpec("s3://bucket/prefix", "a bucket and key prefix; the buckets when absent", optional: true)],
            options: [OptionSpec("--recursive", "every object under the prefix, not only the next level"), .output],
            summary: "list the buckets, or the objects and common prefixes under a prefix (`/` as delimiter)",
            run: S3Command.ls
        ),
        CommandSpec(
            ["s3", "cat"],
            [ArgumentSpec("s3://bucket/key", "the object")],
            summary: "print an object's bytes (exit 4 when there is no such bucket or key)",
            run: S3Command.cat
        ),
        CommandSpec(
            ["s3", "get-url"],
            [ArgumentSpec("<link>", "a presigned download link, quoted")],
            options: [
                OptionSpec("-o", "FILE", "write the bytes to FILE instead of standard output", completion: .files)
            ],
            summary: "download through a presigned link (refused, exit 4, when expired or altered)",
            run: PresignedLinkCommands.get
        ),
        CommandSpec(
            ["s3", "put-url"],
            [ArgumentSpec("<link>", "a presigned upload link, quoted")],
            options: [
                OptionSpec(
                    "--file",
                    "FILE|-",
                    "the document: any readable path, or - for standard input",
                    required: true,
                    completion: .files
                )
            ],
            summary: "upload a contract document through a presigned upload link",
            run: PresignedLinkCommands.put
        ),
        CommandSpec(
            ["outbox", "list"],
            options: [.output],
            summary: "the SES outbox: time, message id, status, template, to, subject",
            isDefault: true,
            run: OutboxCommand.list
        ),
        CommandSpec(
            ["outbox", "show"],
            [ArgumentSpec("<message-id>", "from `outbox list`")],
            options: [.output],
            summary: "print a message as sent (the .eml; exit 4 when there is none)",
            run: OutboxCommand.show
        ),
        CommandSpec(
            ["logs"],
            [function],
            options: [OptionSpec("--tail", "N", "only the last N events"), .output],
            summary: "a function's CloudWatch log group, oldest first",
            run: LogsCommand.run
        ),
        CommandSpec(
            ["metrics"],
            options: [
                OptionSpec("--since", "TIME", "only values written at or after TIME (ISO-8601, or YYYY-MM-DD)"),
                .output,
            ],
            summary: "the business metrics the functions logged in Embedded Metric Format, summed",
            details: "Contracts created, terminated, suspended and expired; notices sent, bounced and suppressed\n"
                + "(by template); errors. CloudWatch extracts the same lines into metrics in the TESTEX namespace.",
            run: MetricsCommand.run
        ),
    ]

    static let queueAndSchedules: [CommandSpec] = [
        CommandSpec(
            ["queue", "list"],
            options: [.output],
            summary: "the asynchronous (Event) invocations waiting to run",
            isDefault: true,
            run: QueueCommand.list
        ),
        CommandSpec(
            ["queue", "dlq"],
            options: [.output],
            summary: "the dead-letter queue: invocations that failed for good",
            run: QueueCommand.deadLetters
        ),
        CommandSpec(
            ["queue", "show"],
            [ArgumentSpec("<id>", "a request id from `queue list` or `queue dlq`")],
            options: [.output],
            summary: "print one queued or dead-lettered invocation (exit 4 when there is none)",
            run: QueueCommand.show
        ),
        CommandSpec(
            ["queue", "drain"],
            summary:
                "run the queued invocations that are due and deliver the stream records waiting, telling every attempt",
            run: QueueCommand.drain
        ),
        CommandSpec(
            ["queue", "redrive"],
            [ArgumentSpec("id", "one dead-lettered invocation; all when absent", optional: true)],
            summary: "send dead-lettered invocations back to the queue and run them",
            run: QueueCommand.redrive
        ),
        CommandSpec(
            ["stream", "mappings"],
            summary: "each event source mapping: table -> function, settings, checkpoint, waiting",
            isDefault: true,
            run: StreamCommand.mappings
        ),
        CommandSpec(
            ["stream", "list"],
            [optionalTable],
            options: [
                OptionSpec("--after", "SEQ", "only records after this sequence number"),
                OptionSpec("--limit", "N", "at most N records (default 100)"),
            ],
            summary: "a table's stream records, oldest first, delivered or waiting",
            run: StreamCommand.list
        ),
        CommandSpec(
            ["stream", "show"],
            [ArgumentSpec("<sequence>", "a record's sequence number, from `stream list`"), optionalTable],
            summary: "print one stream record as Lambda delivers it (exit 4 when there is none)",
            run: StreamCommand.show
        ),
        CommandSpec(
            ["stream", "replay"],
            [ArgumentSpec("mapping", "an event source mapping (default contracts-stream)", optional: true)],
            options: [
                OptionSpec("--from", "SEQ", "the first record to deliver again", required: true),
                OptionSpec("--to", "SEQ", "the last one (default: the stream's end)"),
            ],
            summary: "deliver stream records again to the mapping's function (its steps are idempotent)",
            run: StreamCommand.replay
        ),
        CommandSpec(
            ["webhooks", "list"],
            options: [
                OptionSpec(
                    "--status",
                    "S",
                    "only deliveries in this status",
                    completion: .words(WebhookDeliveryStatus.allCases.map(\.rawValue))
                ),
                .output,
            ],
            summary: "the webhook deliveries, oldest first: status, attempts, event, URL",
            isDefault: true,
            run: WebhooksCommand.list
        ),
        CommandSpec(
            ["webhooks", "show"],
            [ArgumentSpec("<id>", "a delivery id from `webhooks list`")],
            options: [.output],
            summary: "print one delivery with its attempts and body, never its secret (exit 4 when there is none)",
            run: WebhooksCommand.show
        ),
        CommandSpec(
            ["webhooks", "redeliver"],
            [ArgumentSpec("<id>", "a delivery id from `webhooks list`")],
            summary: "attempt one delivery again now, whatever its status (exit 1 when the attempt fails)",
            details: "Locally only http URLs on the loopback interface are sent; others are recorded.",
            run: WebhooksCommand.redeliver
        ),
        CommandSpec(
            ["templates", "list"],
            options: [.output],
            summary: "the managed email templates: current version, when and by whom saved, whether a rule sends it",
            isDefault: true,
            run: TemplatesCommand.list
        ),
        CommandSpec(
            ["templates", "show"],
            [ArgumentSpec("<name>", "a template name from `templates list`")],
            options: [OptionSpec("--version", "N", "an earlier version (default: the current one)"), .output],
            summary: "print a template's parts and declarations (exit 4 when there is no such template or version)",
            run: TemplatesCommand.show
        ),
        CommandSpec(
            ["templates", "versions"],
            [ArgumentSpec("<name>", "a template name from `templates list`")],
            options: [.output],
            summary: "a template's versions, newest first: number, time, who, how it was made",
            details: "Templates are changed through the API (PUT /api/templates/<name>, .../rollback), as an admin.",
            run: TemplatesCommand.versions
        ),
        CommandSpec(
            ["campaign", "run"],
            [
                ArgumentSpec(
                    "<FILE.csv>",
                    "the CSV: a header naming contract_id (and optionally reason, "
                        + "effective_date, notes), then a row per contract",
                    completion: .files
                )
            ],
            options: [
                OptionSpec("--reason", "R", "the termination reason of rows that give none, e.g. PRODUCT_DISCONTINUED"),
                OptionSpec(
                    "--at",
                    "TIME",
                    "when the terminations and notices go out (ISO-8601, or YYYY-MM-DD); now when absent"
                ),
                OptionSpec("--callback", "URL", "POSTed a signed event when the campaign ends (http or https)"),
                OptionSpec("--callback-failed-rows", "also call back for each row that fails"),
                OptionSpec("--effective-date", "DAY", "the effective date of rows that give none"),
                OptionSpec("--notes", "TEXT", "notes of rows that give none"),
            ],
            summary: "upload a CSV, create the campaign and follow it to its end (a progress bar on a terminal)",
            details: """
                Each row is terminated through the rules of a single termination, one transaction per row, by the
                campaign state machine (infrastructure/statemachines/campaign.asl.json). A campaign --at a later time
                waits; the first command after that time runs it. Exit 0 when it ran, 1 when it FAILED, 4 when the
                API refused it (a 413 for more than 10,000 rows or 5 MB: nothing is created).
                Example: testex-local campaign run discontinued.csv --reason PRODUCT_DISCONTINUED
                """,
            run: CampaignCommand.run
        ),
        CommandSpec(
            ["executions", "list"],
            options: [.output],
            summary: "the campaign state machine's executions: status, events, where each is or waits",
            isDefault: true,
            run: ExecutionsCommand.list
        ),
        CommandSpec(
            ["executions", "show"],
            [ArgumentSpec("<id>", "an execution name (the campaign id) or ARN")],
            options: [.output],
            summary:
                "print an execution and its history, with GetExecutionHistory's event "
                + "types (exit 4 when there is none)",
            run: ExecutionsCommand.show
        ),
        CommandSpec(
            ["schedule", "list"],
            options: [.output],
            summary: "the EventBridge rules with their next firing",
            isDefault: true,
            run: ScheduleCommand.list
        ),
        CommandSpec(
            ["schedule", "run"],
            [rule],
            options: [at],
            summary: "run one rule as EventBridge would, and print its answer",
            run: ScheduleCommand.runRule
        ),
    ]

    static let tools: [CommandSpec] = [
        CommandSpec(
            ["completion"],
            [ArgumentSpec("<shell>", "bash or zsh", completion: .words(["bash", "zsh"]))],
            summary: "print the shell completion script (source <(testex-local completion bash))",
            run: CompletionCommand.run
        ),
        CommandSpec(
            ["help"],
            [ArgumentSpec("command", "a command, e.g. `help db scan`", optional: true)],
            summary: "this help, or a command's",
            run: HelpCommand.run
        ),
        CommandSpec(["version"], summary: "print the version (also --version)", run: HelpCommand.version),
    ]
}
