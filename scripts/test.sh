#!/usr/bin/env bash
# The whole test suite, from a clean clone: installs the test dependencies, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
dotnet build MemoryMonitor.sln -c Release
dotnet test MemoryMonitor.sln -c Release --no-build --logger "console;verbosity=normal"
