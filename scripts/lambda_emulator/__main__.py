#!/usr/bin/env python3
"""A Lambda service emulator for the `testex-lambda` bootstraps, written from AWS's documentation
of the Runtime API (`/2018-06-01/runtime/...`) and the Invoke API (`/2015-03-31/functions/...`):

    python3 scripts/lambda_emulator --bootstrap .build/debug/testex-lambda --moto http://127.0.0.1:5000

It deploys the functions of infrastructure/template.yaml as Lambda would: each function's name,
handler, memory, timeout and variables come from the template (parameters at their defaults or --parameter),
and each execution environment is one `bootstrap` process with the variables Lambda sets and a
Runtime API of its own on 127.0.0.1, whose `/next` it holds open until an invocation comes. A
function gets a new environment (a cold start) whenever all of its environments are busy, up
to `--concurrency`; an environment that times out or whose process exits is discarded.

On its own port it serves Lambda's Invoke API (RequestResponse, Event with two retries and a
dead-letter file, DryRun; `X-Amz-Function-Error`, `X-Amz-Client-Context`, `X-Amz-Log-Type: Tail`,
the 6 MB and 1 MB payload limits; every request's Signature V4 checked) and passes every other
request on to moto_server: the bootstraps get this one address as `AWS_ENDPOINT_URL`, as clients
that take one endpoint for every service do. It plays the template's DynamoDB event source
mappings too: it polls each table's stream on moto (DescribeStream, GetShardIterator,
GetRecords, four times a second as Lambda's poller does) and invokes the mapped function with
each batch, with the mapping's retries, bisection and on-failure record.

Python, not Swift, so that it shares no code with what it checks: it is written from the same
documents the functions are, and its wire formats are AWS's, not the project's. It prints
`lambda emulator: http://127.0.0.1:PORT` once it listens; GET /emulator/stats answers what it
counted. Stop it with SIGTERM or SIGINT: every bootstrap is killed.
"""
import argparse
import os
import signal
import sys
import threading

from common import ROOT, STREAM_POLL_INTERVAL
from service import Emulator


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True, help="the testex-lambda binary every function runs")
    parser.add_argument("--moto", required=True, help="moto_server's URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, default=0,
                        help="the Invoke API's port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--template", default=os.path.join(ROOT, "infrastructure", "template.yaml"))
    parser.add_argument("--work", default=".lambda-emulator",
                        help="log streams and dead letters (default ./.lambda-emulator)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="a template parameter's value, as `sam local --parameter-overrides` gives it "
                             "(parameters without one take their defaults; default: the two without a default, "
                             "AllowedOrigin=https://app.testex.com and SenderDomain=testex-dev.com)")
    parser.add_argument("--concurrency", type=int, default=10, help="environments per function at most (default 10)")
    parser.add_argument("--timeout-scale", type=float, default=float(os.environ.get("TESTEX_TIMEOUT_SCALE", "1")),
                        help="multiplies every function's timeout (default TESTEX_TIMEOUT_SCALE, else 1)")
    parser.add_argument("--async-retry-delay", type=float, default=1.0,
                        help="seconds before an Event invoke's first retry, twice that before the second "
                             "(Lambda: minutes)")
    parser.add_argument("--stream-poll-interval", type=float, default=STREAM_POLL_INTERVAL)
    parser.add_argument("--access-key", default="testing")
    parser.add_argument("--secret-key", default="testing")
    parser.add_argument("--session-token", default="testing-session-token",
                        help="the functions' temporary credentials, which every Invoke request must be signed with")
    args = parser.parse_args()
    if not os.access(args.bootstrap, os.X_OK):
        sys.exit(f"lambda emulator: {args.bootstrap} is not an executable "
                 "(build it: swift build --product testex-lambda)")
    emulator = Emulator(args)
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    emulator.start()
    print(f"lambda emulator: {emulator.url}", flush=True)
    stop.wait()
    emulator.stop()


if __name__ == "__main__":
    main()
