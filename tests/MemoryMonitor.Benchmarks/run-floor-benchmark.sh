#!/usr/bin/env bash
# What the agent's building blocks cost a NativeAOT process before any of the agent's own code: each variant of
# Floor/ (a bare loop, the generic host, Kestrel two ways, HttpListener, the OpenTelemetry Prometheus exporter,
# prometheus-net, SQLite) is published, run RUNS times for SECONDS while /metrics is scraped every 5 s, and its RSS
# (anonymous and file-backed, from /proc/PID/status) read at the end. Figures go in docs/performance.md
# ("Footprint work, step 4"). Not part of the tests.
#
# Usage: tests/MemoryMonitor.Benchmarks/run-floor-benchmark.sh [VARIANTS="bare host ..."] [RUNS=2] [SECONDS=75]
set -euo pipefail
cd "$(dirname "$0")/../.."

VARIANTS=${1:-"bare host httplistener httplistener-promnet kestrel kestrelcore kestrel-otel kestrel-otel-promnet kestrel-otel-promnet-sqlite kestrelcore-otel-promnet-sqlite"}
RUNS=${2:-2}
SECONDS_EACH=${3:-75}
PORT=19950
WORK=$(mktemp -d /tmp/floor-benchmark.XXXXXX)
APP=
cleanup() {
    [[ -n "$APP" ]] && kill "$APP" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }
mb() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "$2"; }

echo "| variant | executable bytes | run | RSS MB | anonymous MB | file-backed MB |"
echo "|---|---|---|---|---|---|"
for variant in $VARIANTS; do
    log "publishing $variant"
    # One intermediate folder per variant: the same sources compile differently for each.
    dotnet publish tests/MemoryMonitor.Benchmarks/Floor -c Release -r linux-x64 -p:Variant="$variant" \
        -p:IntermediateOutputPath="obj/$variant/" -p:OutputPath="bin/$variant/" -o "$WORK/$variant" >"$WORK/publish.log" 2>&1 \
        || { tail -30 "$WORK/publish.log" >&2; exit 1; }
    exe="$WORK/$variant/floor-$variant"
    for ((run = 1; run <= RUNS; run++)); do
        "$exe" $PORT >"$WORK/app.log" 2>&1 &
        APP=$!
        for ((t = 0; t < SECONDS_EACH; t += 5)); do
            sleep 5
            curl -s -o /dev/null --max-time 4 "http://127.0.0.1:$PORT/metrics" || true
        done
        kill -0 "$APP" 2>/dev/null || { log "$variant exited:"; tail "$WORK/app.log" >&2; exit 1; }
        cp "/proc/$APP/status" "$WORK/status"
        kill "$APP"; wait "$APP" 2>/dev/null || true; APP=
        echo "| $variant | $(stat -c %s "$exe") | $run | $(mb VmRSS "$WORK/status") | $(mb RssAnon "$WORK/status") | $(mb RssFile "$WORK/status") |"
    done
done
