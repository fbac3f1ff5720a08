#!/usr/bin/env bash
# Regenerates Sources/LocalHarness/StepFunctions/BundledStateMachines.swift from
# infrastructure/statemachines/, so the local executor runs the very definition the template
# deploys wherever testex-local runs. A test fails when the two disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/embed_files.py scripts/embed-state-machines.sh \
  Sources/LocalHarness/StepFunctions/BundledStateMachines.swift \
  BundledStateMachines 'The state machine definitions of `infrastructure/statemachines/`, by file name.' \
  infrastructure/statemachines $(cd infrastructure/statemachines && ls *.asl.json)
