#!/usr/bin/env bash
# The agent side by side with prometheus-process-exporter and prometheus-node-exporter, in one run, on
# the same >= 1,000 processes, for the same wall window, scraped like Prometheus would. Figures go in
# docs/performance.md. Not part of the test suite.
#
# Usage: tests/MemoryMonitor.Benchmarks/run-exporter-comparison.sh [PROCESSES=1000] [WINDOW_SECONDS=120] [SCRAPE_EVERY=15]
# Environment: MEMMON_AOT_DIR=<dir with a published memmon> skips the NativeAOT publish;
#              KEEP_WORK=1 keeps the temp dir (configs, last scrape of each exporter, logs).
#
# What it does:
#   1. installs prometheus-process-exporter and prometheus-node-exporter from Debian if missing;
#   2. publishes the agent with NativeAOT into a temp dir;
#   3. tops the host up with idle `sleep 3600` children until PROCESSES user processes exist;
#   4. starts on 127.0.0.1: the agent twice (--top-processes 1000 and the default 100; both
#      --interval 15s --smaps-interval 1m), process-exporter twice (one group per PID, and grouped by
#      comm; its defaults otherwise, which read smaps on every scrape), node-exporter with only its
#      memory collectors;
#   5. waits until each answers and scrapes each once (warm-up), then for WINDOW_SECONDS scrapes all
#      of them together every SCRAPE_EVERY seconds, reading utime+stime from /proc/PID/stat at the
#      start and end of the window and VmRSS at the end;
#   6. prints a markdown table and the ratios the targets are judged on; kills everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."

PROCESSES=${1:-1000}
WINDOW=${2:-120}
EVERY=${3:-15}
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/exporter-comparison.XXXXXX)
SLEEPERS=()
declare -A PID_OF PORT_OF
NAMES=(agent-top1000 agent-top100 process-exporter-per-pid process-exporter-by-comm node-exporter-memory)

cleanup() {
    for name in "${!PID_OF[@]}"; do kill "${PID_OF[$name]}" 2>/dev/null || true; done
    if ((${#SLEEPERS[@]})); then kill "${SLEEPERS[@]}" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "[$(date +%T)] $*" >&2; }

if ! command -v prometheus-process-exporter >/dev/null || ! command -v prometheus-node-exporter >/dev/null; then
    log "installing prometheus-process-exporter prometheus-node-exporter"
    apt-get install -y prometheus-process-exporter prometheus-node-exporter >"$WORK/apt.log" 2>&1
fi

source tests/MemoryMonitor.Benchmarks/benchmark-common.sh
MEMMON=$(aot_memmon "$WORK")


have=$(user_processes)
need=$((PROCESSES - have))
log "user processes: $have; starting $((need > 0 ? need : 0)) idle sleepers"
for ((i = 0; i < need; i++)); do
    sleep 3600 &
    SLEEPERS+=($!)
done
sleep 1

cat >"$WORK/per-pid.yml" <<'EOF'
process_names:
  - name: "{{.PID}}"
    cmdline:
    - '.+'
EOF
cat >"$WORK/by-comm.yml" <<'EOF'
process_names:
  - name: "{{.Comm}}"
    cmdline:
    - '.+'
EOF

start() { # name port command...
    local name=$1 port=$2
    shift 2
    "$@" >"$WORK/$name.log" 2>&1 &
    PID_OF[$name]=$!
    PORT_OF[$name]=$port
}
mkdir -p "$WORK/state-1000" "$WORK/state-100"
start agent-top1000 19897 "$MEMMON" serve --listen 127.0.0.1:19897 --interval 15s --smaps-interval 1m \
    --top-processes 1000 --state-dir "$WORK/state-1000"
start agent-top100 19898 "$MEMMON" serve --listen 127.0.0.1:19898 --interval 15s --smaps-interval 1m \
    --state-dir "$WORK/state-100"
start process-exporter-per-pid 19256 prometheus-process-exporter -config.path "$WORK/per-pid.yml" \
    -web.listen-address 127.0.0.1:19256
start process-exporter-by-comm 19257 prometheus-process-exporter -config.path "$WORK/by-comm.yml" \
    -web.listen-address 127.0.0.1:19257
start node-exporter-memory 19100 prometheus-node-exporter --collector.disable-defaults --collector.meminfo \
    --collector.vmstat --collector.pressure --collector.buddyinfo --web.listen-address=127.0.0.1:19100

scrape() { # name file -> "bytes seconds"
    curl -s --max-time 60 -o "$2" -w '%{size_download} %{time_total}\n' "http://127.0.0.1:${PORT_OF[$1]}/metrics"
}

log "waiting for every exporter to answer (the agent after its first sweep)"
for name in "${NAMES[@]}"; do
    for ((t = 0; t < 120; t++)); do
        if scrape "$name" "$WORK/$name.warmup" >/dev/null 2>&1 && [[ -s "$WORK/$name.warmup" ]]; then
            if [[ $name != agent-* ]] || grep -Eq '^memmon_agent_sweeps_total(\{\})? [1-9]' "$WORK/$name.warmup"; then break; fi
        fi
        kill -0 "${PID_OF[$name]}" 2>/dev/null || { log "$name exited:"; tail "$WORK/$name.log" >&2; exit 1; }
        sleep 1
    done
done

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
sweeps() { awk '/^memmon_agent_sweeps_total[{ ]/ { print $2 }' "$1"; }

declare -A CPU0 CPU1 BYTES SECS SERIES SCRAPES SW0 SW1
for name in agent-top1000 agent-top100; do
    scrape "$name" "$WORK/$name.start" >/dev/null
    SW0[$name]=$(sweeps "$WORK/$name.start")
done
for name in "${NAMES[@]}"; do
    CPU0[$name]=$(cpu_ticks "${PID_OF[$name]}")
    BYTES[$name]=0; SECS[$name]=0; SERIES[$name]=0; SCRAPES[$name]=0
done
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
PROCS_IN_WINDOW=$(user_processes)
start_ns=$(date +%s%N)
log "window of ${WINDOW}s begins: $PROCS_IN_WINDOW user processes, load average $LOAD0"

for ((k = 0; k * EVERY < WINDOW; k++)); do
    target=$((start_ns + k * EVERY * 1000000000))
    now=$(date +%s%N)
    ((target > now)) && sleep "$(awk -v d=$((target - now)) 'BEGIN { printf "%.3f", d / 1e9 }')"
    curls=()
    for name in "${NAMES[@]}"; do
        scrape "$name" "$WORK/$name.last" >"$WORK/$name.result" &
        curls+=($!)
    done
    wait "${curls[@]}" || true
    for name in "${NAMES[@]}"; do
        read -r b s <"$WORK/$name.result"
        BYTES[$name]=$((BYTES[$name] + b))
        SECS[$name]=$(awk -v a="${SECS[$name]}" -v b="$s" 'BEGIN { print a + b }')
        SERIES[$name]=$((SERIES[$name] + $(grep -c -v -e '^#' -e '^$' "$WORK/$name.last")))
        SCRAPES[$name]=$((SCRAPES[$name] + 1))
    done
    log "scrape $((k + 1)) done"
done

end=$((start_ns + WINDOW * 1000000000))
now=$(date +%s%N)
((end > now)) && sleep "$(awk -v d=$((end - now)) 'BEGIN { printf "%.3f", d / 1e9 }')"
declare -A RSS
for name in "${NAMES[@]}"; do
    CPU1[$name]=$(cpu_ticks "${PID_OF[$name]}")
    RSS[$name]=$(rss_kb "${PID_OF[$name]}")
done
elapsed=$(awk -v d=$(($(date +%s%N) - start_ns)) 'BEGIN { printf "%.1f", d / 1e9 }')
for name in agent-top1000 agent-top100; do
    scrape "$name" "$WORK/$name.final" >/dev/null
    SW1[$name]=$(sweeps "$WORK/$name.final")
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

tracked() { # processes with series of their own, from the last scrape
    case $1 in
        agent-*) grep '^memmon_process_resident_bytes{' "$WORK/$1.last" | grep -o 'pid="[0-9]*"' | sort -u | wc -l ;;
        process-exporter-*) grep -c '^namedprocess_namegroup_num_procs{' "$WORK/$1.last" || true ;;
        *) echo 0 ;;
    esac
}

declare -A CPUS
echo
echo "Window ${elapsed} s, scrapes every ${EVERY} s, ${PROCS_IN_WINDOW} user processes at the start;"
echo "load average (1/5/15 min) ${LOAD0} at the start, ${LOAD1} at the end; $(nproc) cores."
echo
echo "| exporter | groups/processes with own series | CPU s in window | scrapes | CPU ms/scrape | agent sweeps | CPU ms/sweep | RSS MB at end | bytes/scrape | series/scrape | scrape wall s (mean) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for name in "${NAMES[@]}"; do
    CPUS[$name]=$(awk -v a="${CPU0[$name]}" -v b="${CPU1[$name]}" -v t="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / t }')
    n=${SCRAPES[$name]}
    if [[ $name == agent-* ]]; then
        sw=$((SW1[$name] - SW0[$name]))
        per_sweep=$(awk -v c="${CPUS[$name]}" -v s="$sw" 'BEGIN { printf "%.0f", s ? c * 1000 / s : 0 }')
    else
        sw="-"; per_sweep="-"
    fi
    awk -v name="$name" -v tr="$(tracked "$name")" -v cpu="${CPUS[$name]}" -v n="$n" -v sw="$sw" -v ps="$per_sweep" \
        -v rss="${RSS[$name]}" -v bytes="${BYTES[$name]}" -v series="${SERIES[$name]}" -v secs="${SECS[$name]}" \
        'BEGIN { printf "| %s | %s | %s | %d | %.0f | %s | %s | %.1f | %.0f | %.0f | %.2f |\n",
                 name, tr, cpu, n, cpu * 1000 / n, sw, ps, rss / 1024, bytes / n, series / n, secs / n }'
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
cpu_ratio=$(ratio "${CPUS[agent-top1000]}" "${CPUS[process-exporter-per-pid]}")
rss_mb=$(awk -v r="${RSS[agent-top1000]}" 'BEGIN { printf "%.1f", r / 1024 }')
echo
echo "| ratio | CPU | RSS |"
echo "|---|---|---|"
echo "| agent (top 1000) / process-exporter (per PID) | $cpu_ratio | $(ratio "${RSS[agent-top1000]}" "${RSS[process-exporter-per-pid]}") |"
echo "| agent (top 100) / process-exporter (by comm) | $(ratio "${CPUS[agent-top100]}" "${CPUS[process-exporter-by-comm]}") | $(ratio "${RSS[agent-top100]}" "${RSS[process-exporter-by-comm]}") |"
echo "| agent (top 1000) / node-exporter (memory only) | $(ratio "${CPUS[agent-top1000]}" "${CPUS[node-exporter-memory]}") | $(ratio "${RSS[agent-top1000]}" "${RSS[node-exporter-memory]}") |"
echo "| agent (top 100) / node-exporter (memory only) | $(ratio "${CPUS[agent-top100]}" "${CPUS[node-exporter-memory]}") | $(ratio "${RSS[agent-top100]}" "${RSS[node-exporter-memory]}") |"
echo
met() { awk -v v="$1" -v lim="$2" 'BEGIN { print (v != "n/a" && v <= lim) ? "met" : "MISSED" }'; }
echo "Target: agent CPU <= 1/5 of process-exporter's, same per-process coverage: $cpu_ratio -> $(met "$cpu_ratio" 0.2)"
echo "Target: agent RSS <= 30 MB with 1,000 processes tracked (NativeAOT): $rss_mb MB -> $(met "$rss_mb" 30)"
