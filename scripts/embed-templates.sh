#!/usr/bin/env bash
# Regenerates Sources/LocalHarness/BundledTemplates.swift from templates/, so `testex-local init`
# can upload the templates wherever it runs. A test fails when the two disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/embed_files.py scripts/embed-templates.sh Sources/LocalHarness/BundledTemplates.swift \
  BundledTemplates 'The email templates of `templates/`, by path below it (`termination-notice/body.html`).' \
  templates $(cd templates && find . -mindepth 2 -type f | sed 's|^\./||')
