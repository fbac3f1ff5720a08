enum Help {
    static let text = """
    testex-local — run the TESTEX functions on local AWS stand-ins

    Usage: testex-local [--state DIR] [--memory] [--backend local|aws [--endpoint URL]] <command> [options]

    Commands:
      invoke <Function> [--event FILE|-]        invoke a function with a JSON event; prints its JSON result
      api <METHOD> <PATH> [--body JSON|@FILE] [--header K:V]... [--as admin|system|client:<id>|anonymous] [--v2]
                                                send one API request through ApiGateway; body on stdout,
                                                `HTTP <status>` on stderr
      generate-event api <METHOD> <PATH> [--body JSON|@FILE] [--header K:V]... [--as ...] [--v2]
                                                print the API Gateway event `api` would send
      init [--sample-data]                      create the tables (and sample data)
      reset [--sample-data]                     delete the state directory's contents and initialize again
      db tables | scan <table> | get <table> <key>
                                                read the DynamoDB stand-in (table: contracts, clients, audit-logs)
      help, --version

    Functions: ApiGateway, ContractProcessor, DatabaseManager (router names, kebab names or deployed names).

    State: --state DIR, else $TESTEX_STATE_DIR, else ./.testex. --memory keeps everything in memory.
    Backend: --backend aws (else $TESTEX_BACKEND) keeps tables, objects and mail in DynamoDB, S3 and SES at
    --endpoint URL (else $TESTEX_ENDPOINT; e.g. moto_server) or in AWS itself (AWS_REGION and the
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY credentials); logs and copies of sent mail stay in the state.
    Environment: ENVIRONMENT (development|staging|production), LOG_LEVEL, DEBUG, SENDER_EMAIL,
    TESTEX_NOW (ISO-8601; fixes the clock).

    Exit codes: 0 success (api: HTTP status < 400), 1 a handler raised, 2 usage error or malformed input,
    4 a 4xx answer, 5 a 5xx answer.
    """
}
