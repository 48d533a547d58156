#!/usr/bin/env bash
# Long-form soak: the NativeAOT agent under heavy process churn, pushing OTLP to a collector that never
# answers, for MINUTES. Every SAMPLE_EVERY seconds it records the agent's RSS, open file descriptors,
# threads, series on /metrics, per-process series, overflow series and the live processes, into a CSV,
# and at the end prints first / last / max of each and the growth over the second half (after warm-up).
# The short form runs in CI (Agent.Tests Churn/ProcessChurnTests). Figures go in docs/performance.md.
#
# Usage: tests/MemoryMonitor.Benchmarks/run-soak.sh [MINUTES=60] [SPAWN_PER_SECOND=20] [SAMPLE_EVERY=60]
# Environment: MEMMON_AOT_DIR=<dir with a published memmon> skips the NativeAOT publish;
#              KEEP_WORK=1 keeps the temp dir (CSV, agent log, last scrape);
#              WITH_DEFAULTS=0 leaves out the second agent, which runs beside with the chart's defaults
#              (top 100, 15 s, no OTLP) so the chart's memory request and limit can be read off the same churn.
#
# Churn: SPAWN_PER_SECOND short-lived processes a second, each living 1-60 s, under 50 distinct names
# (symlinks to sleep), so about 600 churning processes are alive at any time, all tracked individually
# (--top-processes 1000, --interval 2s). At 20/s an hour starts 72,000 processes.
set -euo pipefail
cd "$(dirname "$0")/../.."

MINUTES=${1:-60}
RATE=${2:-20}
EVERY=${3:-60}
WORK=$(mktemp -d /tmp/memmon-soak.XXXXXX)
PORT=19899
DEFAULTS_PORT=19898
PIDS=()

cleanup() {
    if ((${#PIDS[@]})); then kill "${PIDS[@]}" 2>/dev/null || true; fi
    pkill -f "$WORK/bin/churn-" 2>/dev/null || true
    wait 2>/dev/null || true
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

source tests/MemoryMonitor.Benchmarks/benchmark-common.sh
MEMMON=$(aot_memmon "$WORK")

# A collector that accepts every connection and never answers: each push waits for --otlp-timeout.
python3 - "$WORK/otlp.port" <<'EOF' &
import socket, sys, threading
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(64)
open(sys.argv[1], "w").write(str(server.getsockname()[1]))
def drain(connection):
    with connection:
        while connection.recv(65536):
            pass
while True:
    connection, _ = server.accept()
    threading.Thread(target=drain, args=(connection,), daemon=True).start()
EOF
PIDS+=($!)
for ((t = 0; t < 50; t++)); do [[ -s "$WORK/otlp.port" ]] && break; sleep 0.1; done
OTLP_PORT=$(cat "$WORK/otlp.port")

mkdir -p "$WORK/bin" "$WORK/state"
for ((n = 0; n < 50; n++)); do ln -s "$(command -v sleep)" "$WORK/bin/churn-$n"; done

"$MEMMON" serve --listen 127.0.0.1:$PORT --interval 2s --smaps-interval 30s --top-processes 1000 \
    --state-dir "$WORK/state" --otlp-endpoint "http://127.0.0.1:$OTLP_PORT" --otlp-interval 5s --otlp-timeout 2s \
    >"$WORK/agent.log" 2>&1 &
AGENT=$!
PIDS+=($AGENT)
DEFAULTS=""
if [[ "${WITH_DEFAULTS:-1}" == 1 ]]; then
    mkdir -p "$WORK/defaults-state"
    # From its own copy of the executable, as on a node, where one agent maps it: the kernel leaves the pages of a
    # file two processes map resident, so the start-up pages the agent gives back (StartupPages) would stay.
    cp -r "$(dirname "$MEMMON")" "$WORK/defaults-bin"
    "$WORK/defaults-bin/memmon" serve --listen 127.0.0.1:$DEFAULTS_PORT --state-dir "$WORK/defaults-state" >"$WORK/defaults.log" 2>&1 &
    DEFAULTS=$!
    PIDS+=($DEFAULTS)
    # Scraped every 15 s, as Prometheus would, so its export path is part of what it holds.
    (while sleep 15; do curl -s --max-time 30 -o /dev/null "http://127.0.0.1:$DEFAULTS_PORT/metrics" || true; done) &
    PIDS+=($!)
fi

# The churn: RATE processes a second, each exec'd under one of 50 names, living 1-60 s.
(
    while :; do
        for ((i = 0; i < RATE; i++)); do
            "$WORK/bin/churn-$((RANDOM % 50))" $((1 + RANDOM % 60)) &
        done
        sleep 1
    done
) &
PIDS+=($!)

for ((t = 0; t < 60; t++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
    kill -0 $AGENT 2>/dev/null || { log "agent exited:"; tail "$WORK/agent.log" >&2; exit 1; }
    sleep 1
done

CSV="$WORK/soak.csv"
echo "minute,rss_kb,fds,threads,series,process_series,overflow_series,live_processes,sweeps,defaults_rss_kb" >"$CSV"
start=$(date +%s)
log "soak of $MINUTES min begins: $RATE processes/s, agent pid $AGENT, OTLP to a silent collector on $OTLP_PORT"
while (($(date +%s) - start < MINUTES * 60)); do
    kill -0 $AGENT 2>/dev/null || { log "agent exited:"; tail "$WORK/agent.log" >&2; exit 1; }
    curl -s --max-time 30 -o "$WORK/last.scrape" "http://127.0.0.1:$PORT/metrics"
    defaults_rss=""
    if [[ -n "$DEFAULTS" ]]; then
        defaults_rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$DEFAULTS/status 2>/dev/null || true)
    fi
    row=$(awk -v m="$(awk -v s=$(($(date +%s) - start)) 'BEGIN { printf "%.1f", s / 60 }')" \
        -v rss="$(awk '/^VmRSS:/ { print $2 }' /proc/$AGENT/status)" \
        -v fds="$(ls /proc/$AGENT/fd | wc -l)" \
        -v threads="$(awk '/^Threads:/ { print $2 }' /proc/$AGENT/status)" \
        -v live="$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)" \
        -v defaults="$defaults_rss" \
        '!/^#/ && NF { series++ }
         /^memmon_process_resident_bytes\{/ { procs++ }
         /otel_metric_overflow/ { overflow++ }
         /^memmon_agent_sweeps_total/ { sweeps = $2 }
         END { printf "%s,%s,%s,%s,%d,%d,%d,%s,%s,%s\n", m, rss, fds, threads, series, procs, overflow, live, sweeps, defaults }' \
        "$WORK/last.scrape")
    echo "$row" >>"$CSV"
    log "$row"
    sleep "$EVERY"
done

echo
echo "Soak: ${MINUTES} min, ${RATE} new processes/s, agent --interval 2s --top-processes 1000, OTLP to a silent collector."
echo "Samples every ${EVERY} s (CSV kept with KEEP_WORK=1). Growth = last minus the sample at the half-way mark."
awk -F, 'NR == 1 { for (i = 2; i <= NF; i++) name[i] = $i; next }
         { rows++; for (i = 2; i <= NF; i++) { v[rows, i] = $i; if (rows == 1 || $i > max[i]) max[i] = $i } }
         END {
             half = int((rows + 1) / 2)
             printf "| measure | first | half-way | last | max | growth, second half |\n|---|---|---|---|---|---|\n"
             for (i = 2; i <= NF; i++)
                 printf "| %s | %s | %s | %s | %s | %+d |\n", name[i], v[1, i], v[half, i], v[rows, i], max[i], v[rows, i] - v[half, i]
         }' "$CSV"
grep -c 'fail:' "$WORK/agent.log" | xargs -I{} echo "agent log: {} error lines"
