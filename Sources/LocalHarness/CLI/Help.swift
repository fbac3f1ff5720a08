enum Help {
    static let text = """
    testex-local — run the TESTEX functions on local AWS stand-ins

    Usage: testex-local [--state DIR] [--memory] <command> [options]

    Commands:
      invoke <Function> [--event FILE|-]        invoke a function with a JSON event; prints its JSON result
      api <METHOD> <PATH> [--body JSON|@FILE] [--header K:V]... [--as admin|system|client:<id>|anonymous | --token T] [--v2]
                                                send one API request through the local authorizer and ApiGateway
                                                (--as mints a real bearer token); body on stdout, `HTTP <status>` on stderr
      token --as admin|system|client:<id>      print a bearer token signed with this state's key (valid 1 hour)
      generate-event api <METHOD> <PATH> [--body JSON|@FILE] [--header K:V]... [--as ...] [--v2]
                                                print the API Gateway event `api` would send
      init [--sample-data]                      create the tables (and sample data and users, passwords printed once)
      reset [--sample-data]                     delete the state directory's contents and initialize again
      db tables | scan <table> | get <table> <key>
                                                read the DynamoDB stand-in (table: contracts, clients, audit-logs)
      s3 get-url '<link>' [-o FILE] | s3 put-url '<link>' --file F
                                                use a presigned link (refused when expired or altered)
      help, --version

    Functions: ApiGateway, ContractProcessor, DatabaseManager (router names, kebab names or deployed names).

    State: --state DIR, else $TESTEX_STATE_DIR, else ./.testex. --memory keeps everything in memory.
    Environment: ENVIRONMENT (development|staging|production), LOG_LEVEL, DEBUG, SENDER_EMAIL,
    TESTEX_NOW (ISO-8601; fixes the clock).

    Exit codes: 0 success (api: HTTP status < 400), 1 a handler raised, 2 usage error or malformed input,
    4 a 4xx answer, 5 a 5xx answer.
    """
}
