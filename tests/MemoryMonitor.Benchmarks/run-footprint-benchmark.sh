#!/usr/bin/env bash
# The analysis engine's managed heap per process at each population, on synthetic processes (nothing is started).
# Figures go in docs/performance.md.
# Usage: tests/MemoryMonitor.Benchmarks/run-footprint-benchmark.sh [unbounded] [PROCESSES ...=1000 5000 10000]
#        (unbounded lifts --max-analysed-processes, to show the per-process cost the bound caps)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- footprint "$@"
