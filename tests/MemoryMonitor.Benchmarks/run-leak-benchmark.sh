#!/usr/bin/env bash
# Leak detection at full length, in real time, through the agent's collector and engine at a 1 s interval: ten
# independent children leaking 2 MB/min out of 64 MB must each reach risk 0.8 within 150 s of their start; a ratchet
# must be flagged and sawtooth, periodic, steady and step children alongside must stay under risk 0.3.
# Takes SECONDS + ~45 s and about 1.2 GB of memory. Figures go in docs/leak-detection.md.
# Usage: tests/MemoryMonitor.Benchmarks/run-leak-benchmark.sh [SECONDS=300]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
gcc -O1 -o "$bin/memory_pattern" tests/MemoryMonitor.Analysis.Tests/Children/memory_pattern.c -lm
dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- leak "$bin/memory_pattern" "${1:-300}"
