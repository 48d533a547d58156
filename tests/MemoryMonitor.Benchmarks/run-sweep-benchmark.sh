#!/usr/bin/env bash
# Collection sweep CPU, .NET vs a C floor, on >= 1,000 processes. Figures go in docs/performance.md.
# Usage: tests/MemoryMonitor.Benchmarks/run-sweep-benchmark.sh [SWEEPS=200] [PROCESSES=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- sweep "${1:-200}" "${2:-1000}"
