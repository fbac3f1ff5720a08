#!/usr/bin/env bash
# checkov on infrastructure/template.yaml, against the committed skip list
# (infrastructure/checkov-skips.txt): fails on any failed check the list does not name for that
# resource, on a skip without its reason, and on a skip that no failed check needs any more.
# Installs checkov from PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import checkov" 2>/dev/null || python3 -m pip install --quiet "checkov==3.3.30"
checkov=$(command -v checkov || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/checkov")
report=$(mktemp)
errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
# --skip-download: no guidelines from the vendor's service (CI has no network but PyPI).
"$checkov" -f infrastructure/template.yaml --framework cloudformation -o json --quiet --skip-download \
    > "$report" 2> "$errors" || true
[ -s "$report" ] || { cat "$errors" >&2; echo "checkov printed no report" >&2; exit 1; }
python3 - "$report" infrastructure/checkov-skips.txt <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
report = report[0] if isinstance(report, list) else report
if "results" not in report:
    sys.exit("checkov: no results (did it parse the template?): %s" % json.dumps(report)[:500])
skips, problems = [], []
for number, line in enumerate(open(sys.argv[2]), 1):
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.split(None, 2)
    if len(parts) < 3 or len(parts[2].strip()) < 20:
        problems.append("checkov-skips.txt:%d: a skip needs a check, its resources and a reason" % number)
        continue
    skips.append((parts[0], set(parts[1].split(",")), number))
used = set()
for failure in report["results"]["failed_checks"]:
    name = failure["resource"].split(".")[-1]
    matches = [s for s in skips if s[0] == failure["check_id"] and ("*" in s[1] or name in s[1])]
    if matches:
        used.update(s[2] for s in matches)
    else:
        problems.append("%s %s: %s (not in the skip list)" % (failure["check_id"], failure["resource"], failure["check_name"]))
for check, resources, number in skips:
    if number not in used:
        problems.append("checkov-skips.txt:%d: %s %s is skipped but passes (or names no resource): remove the skip" % (number, check, ",".join(sorted(resources))))
summary = report["summary"]
unlisted = sum(1 for p in problems if p.endswith("(not in the skip list)"))
print("checkov %s on infrastructure/template.yaml: %d passed, %d failed, %d of those not in infrastructure/checkov-skips.txt"
      % (summary.get("checkov_version", "?"), summary["passed"], summary["failed"], unlisted))
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
