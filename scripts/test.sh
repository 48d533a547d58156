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
dotnet test MemoryMonitor.sln -c Release --no-build --logger "console;verbosity=normal" "${filter[@]}"
