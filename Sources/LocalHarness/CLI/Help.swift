enum Help {
    static let text = """
    testex-local — run the TESTEX functions on local AWS stand-ins

    Usage: testex-local [--state DIR] [--memory] [--no-drain] [--backend local|aws [--endpoint URL]] <command> [options]

    Commands:
      invoke <Function> [--event FILE|-] [--async]
                                                invoke a function with a JSON event; prints its JSON result
                                                (--async: an Event invoke, answered 202, run after the command)
      api <METHOD> <PATH> [--body JSON|@FILE] [--header K:V]... [--as admin|system|client:<id>|anonymous | --token T] [--v2] [--base64]
                                                send one API request through the local authorizer and ApiGateway
                                                (--as mints a real bearer token); body on stdout, `HTTP <status>` on stderr
      token --as admin|system|client:<id>      print a bearer token signed with this state's key (valid 1 hour)
      serve [--port N] [--v2] [--max-connections N] [--header-timeout S] [--quiet]
                                                the API over HTTP on 127.0.0.1 (default port 3000) for browsers,
                                                curl and generated clients; serves presigned links too; Ctrl-C stops
      openapi [--json]                          print the API's OpenAPI 3.1 document (infrastructure/openapi.yaml)
      generate-event api <METHOD> <PATH> [same options as api]
                                                print the API Gateway event `api` would send
      generate-event schedule <rule> [--at TIME]
                                                print the EventBridge scheduled event of a rule
      schedule list | run <rule> [--at TIME]    the schedule rules; run one as EventBridge would
      queue list | dlq | show <id> | drain | redrive [id]
                                                queued asynchronous invocations and the dead-letter queue
      init [--sample-data]                      create the tables, buckets and templates (and sample data and
                                                users, passwords printed once)
      reset [--sample-data]                     delete the state directory's contents and initialize again
      demo                                      walk a contract from creation to termination, step by step
      db tables | scan <table> | get <table> <key>
                                                read the DynamoDB stand-in (contracts, clients, audit-logs,
                                                files, notifications, idempotency)
      s3 ls [--recursive] [s3://bucket/prefix] | cat s3://bucket/key
                                                read the S3 stand-in
      outbox [list] | show <message-id>         the SES outbox (show prints the .eml)
      logs <Function> [--tail N]                a function's CloudWatch log group
      doctor [--repair]                         check the state directory, one line per problem;
                                                --repair fixes what it can (exit 0 when healthy)
      s3 get-url '<link>' [-o FILE] | s3 put-url '<link>' --file F
                                                use a presigned link (refused when expired or altered)
      help, --version

    Functions: ApiGateway, ContractProcessor, DatabaseManager, FileHandler, NotificationService
    (router names, kebab names or deployed names).

    State: --state DIR, else $TESTEX_STATE_DIR, else ./.testex. --memory keeps everything in memory.
    Backend: --backend aws (else $TESTEX_BACKEND) keeps tables, objects and mail in DynamoDB, S3 and SES at
    --endpoint URL (else $TESTEX_ENDPOINT; e.g. moto_server) or in AWS itself (AWS_REGION and the
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY credentials); logs and copies of sent mail stay in the state.
    Environment: ENVIRONMENT (development|staging|production), LOG_LEVEL, DEBUG, SENDER_EMAIL,
    ARCHIVE_AFTER_DAYS (file lifecycle, default 30), TESTEX_NOW (ISO-8601; fixes the clock).
    Asynchronous invocations run after each command that runs functions; --no-drain leaves them queued.

    Exit codes: 0 success (api: HTTP status < 400), 1 a handler raised, 2 usage error or malformed input,
    4 a 4xx answer, 5 a 5xx answer.
    """
}
