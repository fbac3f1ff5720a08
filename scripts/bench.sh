#!/usr/bin/env bash
# Builds release binaries (Swift runtime linked statically) and runs every benchmark:
# process start, fresh-process API requests, in-process flows, the stand-ins at 1k/10k/100k,
# the physical references, the Python + boto3 + moto peer, a request through `serve` against
# the same request invoked in one long-running process, and the deployed bootstraps under the
# Lambda service emulator (scripts/lambda_emulator). Prints one table and writes
# docs/bench-results.json. Takes 5 to 10 minutes, most of it loading 100k items with fsync.
#   scripts/bench.sh               everything
#   scripts/bench.sh --quick       smaller tables (1k, 10k) and fewer runs
#   scripts/bench.sh --logs-only   only the log directory after 4,000 requests (about 2 minutes)
#   scripts/bench.sh --only serve  the serve figures alone (merged into docs/bench-results.json)
#   scripts/bench.sh --only lambda the bootstraps under the Lambda service emulator alone (about 3 minutes)
#   scripts/bench.sh --only campaign  a 10,000-row campaign end to end alone (merged likewise; not in the full run;
#                                  BENCH_CAMPAIGN_ROWS=N for another size)
#   scripts/bench.sh --only webhooks  1,000 contract changes delivered to 3 subscribers on 127.0.0.1 (likewise)
#   scripts/bench.sh --only core   process start, fresh-process requests, the flows and the moto peer
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product testex-local >&2
swift build -c release --static-swift-stdlib --product testex-bench >&2
# The bootstraps link Foundation's networking: statically only with libcurl's development files.
swift build -c release --product testex-lambda >&2
swift build -c release --product testex-local-aws >&2
python3 -c "import boto3, moto" 2>/dev/null || pip install --quiet boto3 'moto>=5' >&2
exec python3 scripts/bench.py --bin "$(swift build -c release --show-bin-path)" "$@"
