#!/usr/bin/env bash
# NAB score of SeriesAnomalyDetector (and the scorer's self-checks) on the NAB subset in shared/. Figures go in
# docs/anomaly-detection.md. Usage: tests/MemoryMonitor.Benchmarks/run-nab-benchmark.sh [NAB_DIR=../shared/datasets/nab]
# NAB_PER_FILE=1 adds one line per file (score, windows detected, false-positive rows) at the standard threshold.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- nab "${1:-../shared/datasets/nab}"
