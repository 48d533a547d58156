#!/usr/bin/env bash
# Analysis engine CPU per tick against the collection sweep, on >= 1,000 processes. Figures go in docs/performance.md.
# Usage: tests/MemoryMonitor.Benchmarks/run-analysis-benchmark.sh [TICKS=100] [PROCESSES=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- analysis "${1:-100}" "${2:-1000}"
