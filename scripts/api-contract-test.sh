#!/usr/bin/env bash
# The API against its OpenAPI document: openapi-spec-validator checks infrastructure/openapi.yaml;
# then `testex-local serve` runs on a fresh `init --sample-data` state and schemathesis sends it
# generated requests (the document's examples, boundary values and fuzzed ones; a bounded number
# per operation, with an admin token), checking each answer: no server error, a documented
# status, content type and headers, a body that matches the documented schema. Before that,
# presigned links through serve with a plain HTTP PUT and a boto3-signed GET
# (scripts/presigned_links_boto3.py). Last, serve must stop cleanly on SIGTERM.
#
#   scripts/api-contract-test.sh                   release build, 25 generated requests per operation
#   scripts/api-contract-test.sh --debug           the debug build (what CI has after `swift test`)
#   scripts/api-contract-test.sh --examples 200    more requests per operation
#
# Needs Python with openapi-spec-validator, schemathesis and boto3 (installed from PyPI when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
examples=25
while [ $# -gt 0 ]; do
    case "$1" in
        --debug) configuration=debug ;;
        --examples) examples="$2"; shift ;;
        *) echo "api-contract-test: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

python3 -c "import openapi_spec_validator" 2>/dev/null || python3 -m pip install --quiet openapi-spec-validator
python3 -c "import schemathesis" 2>/dev/null || python3 -m pip install --quiet schemathesis
python3 -c "import boto3" 2>/dev/null || python3 -m pip install --quiet boto3

python3 -m openapi_spec_validator infrastructure/openapi.yaml

swift build -c "$configuration" --product testex-local >&2
binary="$PWD/.build/$configuration/testex-local"
work=$(mktemp -d)
serve_pid=
cleanup() {
    if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
export TESTEX_STATE_DIR="$work/state"
"$binary" init --sample-data >/dev/null
token=$("$binary" token --as admin)
"$binary" serve --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 100); do
    grep -q "listening on" "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.out") || { cat "$work/serve.err" >&2; exit 1; }

# Before schemathesis, which deletes and terminates sample contracts on its way.
python3 scripts/presigned_links_boto3.py "$base" "$TESTEX_STATE_DIR" "$token"

scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
schemathesis=$(command -v schemathesis || echo "$scripts_dir/schemathesis")
# From the temporary directory, where schemathesis keeps its cache.
document="$PWD/infrastructure/openapi.yaml"
cd "$work"
"$schemathesis" run "$document" --url "$base" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$examples" --seed 20261122 --workers 1 --no-color

kill -TERM "$serve_pid"
wait "$serve_pid" && status=0 || status=$?
serve_pid=
[ "$status" -eq 0 ] || { echo "serve did not stop cleanly on SIGTERM (exit $status)" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "api contract: the document is valid, every generated request was answered as documented, serve stopped cleanly"
