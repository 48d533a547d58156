#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs the test dependencies, builds, runs every test.
#   scripts/test.sh          everything (.ci/run runs this)
#   scripts/test.sh --fast   build and run only the pure unit tests (no [Trait("Category", "Integration")]):
#                            no dependency install, no child processes, servers, containers or real sleeps
set -euo pipefail
cd "$(dirname "$0")/.."

filter=()
case "$#:${1:-}" in
  0:) scripts/install-test-deps.sh ;;
  1:--fast) filter=(--filter "Category!=Integration") ;;
  *) echo "usage: scripts/test.sh [--fast]   (--fast: unit tests only, no dependency install)" >&2; exit 2 ;;
esac

dotnet build MemoryMonitor.sln -c Release
# The log is kept so that a failure is repeated at the very end, where a CI excerpt (its tail) shows it.
mkdir -p artifacts
log=artifacts/test-run.log
status=0
dotnet test MemoryMonitor.sln -c Release --no-build --logger "console;verbosity=normal" "${filter[@]}" 2>&1 | tee "$log" \
  || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "==== failed tests (full log: $log) ===="
  grep -E -A 25 '^\s+Failed [A-Za-z]' "$log" | cut -c1-300 || echo "(no failed test found in the log: the build or the runner failed)"
fi
exit "$status"
