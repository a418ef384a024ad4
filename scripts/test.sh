#!/usr/bin/env bash
# Sets up what is missing, runs the whole test suite, and ends with the line
# "N passed, N failed" counted from bun's JUnit report (not from its console summary).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh || exit 1

report=$(mktemp -d)/junit.xml
bun test --timeout 60000 --reporter=junit --reporter-outfile="$report" "$@"
status=$?

if [ ! -s "$report" ]; then
  echo "test.sh: bun wrote no JUnit report (exit $status)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
bun scripts/junit-summary.ts "$report"
summary_status=$?
[ $status -ne 0 ] && exit $status
exit $summary_status
