#!/usr/bin/env bash
# Crash test: a write-heavy workload through testex-local, SIGKILLed at random instants, with the
# state's invariants checked after every kill (see scripts/crash_test.py and docs/reliability.md).
#
#   scripts/crash-test.sh                       200 kills, release build, a random seed (printed)
#   scripts/crash-test.sh --seed 7 --kills 50   replay seed 7 with 50 kills
#   scripts/crash-test.sh --debug --kills 50    use the debug build (what CI has after `swift test`)
#   scripts/crash-test.sh --keep ...            keep the state directory afterwards
#
# Exit 0 when no invariant was violated; a violation prints the seed and keeps the state.
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
case " ${arguments[*]-} " in
    *" --seed "*) ;;
    *) arguments+=(--seed "$(( $(date +%s) % 100000 ))") ;;
esac

swift build -c "$configuration" --product testex-local >&2
exec python3 scripts/crash_test.py --binary ".build/$configuration/testex-local" "${arguments[@]}"
