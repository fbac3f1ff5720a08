#!/usr/bin/env bash
# The five `testex-lambda` bootstraps as Lambda runs them, under the project's Lambda service
# emulator (scripts/lambda_emulator: the Runtime API per execution environment, the Invoke
# API, the contracts stream's event source mapping) with moto_server for DynamoDB, S3 and SES:
# the termination end to end, checked on moto (scripts/lambda_emulator_test.py).
#
#   scripts/lambda-emulator-test.sh            release build
#   scripts/lambda-emulator-test.sh --debug    the debug build (what CI has after `swift test`)
#   scripts/lambda-emulator-test.sh --keep     keep the work directory (log streams, state) and say where
#
# Needs Python with boto3, PyYAML and moto[server] (moto from PyPI when missing). Takes about
# 20 seconds once built; scripts/bench.sh runs it with --bench for its figures.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
arguments=()
for argument in "$@"; do
    case "$argument" in
        --debug) configuration=debug ;;
        *) arguments+=("$argument") ;;
    esac
done

python3 -c "import moto.server, werkzeug, boto3, yaml" 2>/dev/null ||
    python3 -m pip install --quiet "moto[server]" boto3 pyyaml
# Linked against the toolchain's Swift runtime: linking Foundation's networking statically, as
# scripts/package-lambda.sh does for Lambda, needs libcurl's development files.
for product in testex-lambda testex-local-aws; do
    swift build -c "$configuration" --product "$product" >&2
done
exec python3 scripts/lambda_emulator_test.py --bin "$(swift build -c "$configuration" --show-bin-path)" \
    ${arguments[@]+"${arguments[@]}"}
