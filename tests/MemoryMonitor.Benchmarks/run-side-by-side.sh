#!/usr/bin/env bash
# Two or more published builds of the agent side by side on the same host, so a change's effect on RSS is read
# off the same processes at the same moments rather than off runs minutes apart (a single reading's place against
# the once-a-minute heap compaction alone moves it by 2-5 MB). MOVERS `c/mover.c` processes (resident size
# changing by 64 KiB a second) are started first; each agent runs with the chart's defaults at a 1 s interval,
# as run-scale-benchmark.sh does, scraped every 15 s; RSS (anonymous + file-backed) is read after each scrape, and the
# mean, min and max after WARM seconds are printed per build. Figures go in docs/performance.md. Not part of the tests.
#
# Usage: tests/MemoryMonitor.Benchmarks/run-side-by-side.sh MINUTES MOVERS NAME=PUBLISH_DIR [NAME=PUBLISH_DIR ...]
#        (a PUBLISH_DIR holds a NativeAOT memmon: dotnet publish src/MemoryMonitor.Cli -c Release -r linux-x64
#        -p:PublishAot=true -o DIR). Environment: WARM=120.
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# < 3)); then
    sed -n '9,11p' "$0" >&2
    exit 2
fi
MINUTES=$1
MOVERS=$2
shift 2
WARM=${WARM:-120}
WORK=$(mktemp -d /tmp/memmon-side.XXXXXX)
PIDS=()
NAMES=()
PORTS=()
cleanup() {
    if ((${#PIDS[@]})); then kill "${PIDS[@]}" 2>/dev/null || true; fi
    pkill -f "$WORK/mover" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

gcc -O2 -o "$WORK/mover" tests/MemoryMonitor.Benchmarks/c/mover.c
for ((i = 0; i < MOVERS; i++)); do "$WORK/mover" & done
port=19960
for spec in "$@"; do
    name=${spec%%=*}
    dir=${spec#*=}
    if [[ ! -x "$dir/memmon" ]]; then
        echo "run-side-by-side.sh: $dir/memmon is not an executable" >&2
        exit 2
    fi
    mkdir -p "$WORK/state-$name"
    "$dir/memmon" serve --listen "127.0.0.1:$port" --interval 1s --state-dir "$WORK/state-$name" > "$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    NAMES+=("$name")
    PORTS+=($port)
    port=$((port + 1))
done
log "$MOVERS movers; agents ${NAMES[*]} on ports ${PORTS[*]}"

start=$(date +%s)
end=$((start + MINUTES * 60))
echo "seconds $(printf '%s_rss_mb %s_anon_mb %s_file_mb ' $(for n in "${NAMES[@]}"; do echo "$n $n $n"; done))" > "$WORK/samples"
while (($(date +%s) < end)); do
    sleep 15
    for p in "${PORTS[@]}"; do curl -s -o /dev/null --max-time 10 "http://127.0.0.1:$p/metrics" || true; done
    line="$(($(date +%s) - start))"
    for pid in "${PIDS[@]}"; do
        line+=" $(awk '/^VmRSS/{r=$2}/^RssAnon/{a=$2}/^RssFile/{f=$2}END{printf "%.1f %.1f %.1f", r/1024, a/1024, f/1024}' "/proc/$pid/status")"
    done
    echo "$line" >> "$WORK/samples"
    log "$line"
done

echo "| build | RSS MB mean after ${WARM} s | min | max | anonymous MB mean | file-backed MB mean | samples |"
echo "|---|---|---|---|---|---|---|"
for i in "${!NAMES[@]}"; do
    awk -v warm="$WARM" -v col=$((2 + 3 * i)) -v name="${NAMES[$i]}" '
        NR > 1 && $1 >= warm { n++; r = $col; s += r; a += $(col + 1); f += $(col + 2); if (n == 1 || r < lo) lo = r; if (r > hi) hi = r }
        END { if (n) printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", name, s / n, lo, hi, a / n, f / n, n }' "$WORK/samples"
done
