#!/usr/bin/env bash
# Leak detection at full length, in real time: 2 MB/min out of 64 MB sampled every second must be flagged within
# 5 minutes; sawtooth, periodic, steady and step children alongside must stay under risk 0.3. Takes SECONDS + ~30 s.
# Figures go in docs/leak-detection.md.
# Usage: tests/MemoryMonitor.Benchmarks/run-leak-benchmark.sh [SECONDS=300]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
gcc -O1 -o "$bin/memory_pattern" tests/MemoryMonitor.Analysis.Tests/Children/memory_pattern.c -lm
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- leak "$bin/memory_pattern" "${1:-300}"
