#!/usr/bin/env bash
# What the NativeAOT agent costs as a node's process count grows: for each count, real idle processes
# (`sleep`) top the host up to it, a fresh agent runs at a 1 s interval, and after a warm-up its RSS
# (anonymous and file-backed, from /proc/PID/status) and CPU per tick (utime+stime over sweeps) are read
# while Prometheus-like scrapes come every 15 s. Beside it, the C floor of run-sweep-benchmark.sh reads the
# same files for the same processes: stat+status every tick, smaps_rollup once a minute (the agent's default
# --smaps-interval), so "x C" is the agent's whole tick (sweep, analysis, scrapes) over the floor's. The floor
# sleeps the agent's interval (1 s) before each sweep, as the agent does: a program that wakes once a second
# finds its caches cold, and the same sweeps back to back cost a fifth to a third less at 100 processes. Its
# stat+status sweeps run during the agent's own window, so both meet the same machine: measured one after the
# other, the floor alone moved 10 % between runs on this VM. The back-to-back figure, taken after the agent
# stops, is printed beside it ("x C hot"), the yardstick of steps 1-6.
# Figures go in docs/performance.md. Not part of the tests.
#
# Usage: tests/MemoryMonitor.Benchmarks/run-scale-benchmark.sh [COUNTS="100 1000 5000 10000"] [WARM=60] [WINDOW=60]
# Environment: MEMMON_AOT_DIR=<dir with a published memmon> skips the publish;
#              AGENT_ARGS="--top-processes 1000"   extra arguments for `memmon serve`;
#              AGENT_ENV="DOTNET_GCgen0size=400000"  environment for the agent (NativeAOT reads DOTNET_GC* as hex);
#              MOVING_PERCENT=50  that share of the processes started are not idle: c/mover.c, whose resident size
#                                 changes by 64 KiB every second at almost no CPU (an idle process's size never
#                                 moves, and the agent keeps little for one: this is the other end).
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNTS=${1:-"100 1000 5000 10000"}
WARM=${2:-60}
WINDOW=${3:-60}
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/scale-benchmark.XXXXXX)
SLEEPERS=()
AGENT=
FLOOR=

cleanup() {
    [[ -n "$AGENT" ]] && kill "$AGENT" 2>/dev/null || true
    [[ -n "$FLOOR" ]] && kill "$FLOOR" 2>/dev/null || true
    if ((${#SLEEPERS[@]})); then kill "${SLEEPERS[@]}" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

source tests/MemoryMonitor.Benchmarks/benchmark-common.sh
MEMMON=$(aot_memmon "$WORK")
gcc -O2 -o "$WORK/sweep" tests/MemoryMonitor.Benchmarks/c/sweep.c
gcc -O2 -o "$WORK/mover" tests/MemoryMonitor.Benchmarks/c/mover.c
MOVING_PERCENT=${MOVING_PERCENT:-0}
floor_us() { "$WORK/sweep" "$@" | sed -E 's/.*cpu_us_per_sweep=//'; }

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
metric() { awk -v name="$1" '$1 == name || $1 == name "{}" { print $2 }' "$2"; }
scrape() { curl -s --max-time 30 -o "$1" "http://127.0.0.1:19899/metrics"; }

echo "| user processes on the host | analysed | series on /metrics | RSS MB | anonymous MB | file-backed MB | CPU ms per tick | sweep ms (mean) | C floor ms per tick | x C | C floor back to back | x C hot |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for count in $COUNTS; do
    need=$((count - $(user_processes)))
    log "$(user_processes) processes; starting $((need > 0 ? need : 0)) for $count, $MOVING_PERCENT% of them moving"
    for ((i = 0; i < need; i++)); do
        if ((i * 100 < need * MOVING_PERCENT)); then
            "$WORK/mover" &
        else
            sleep 7200 &
        fi
        SLEEPERS+=($!)
    done
    mkdir -p "$WORK/state-$count"
    # shellcheck disable=SC2086 # AGENT_ENV and AGENT_ARGS are word lists on purpose
    env ${AGENT_ENV:-} "$MEMMON" serve --listen 127.0.0.1:19899 --interval 1s --state-dir "$WORK/state-$count" \
        ${AGENT_ARGS:-} >"$WORK/agent-$count.log" 2>&1 &
    AGENT=$!
    for ((t = 0; t < 60; t++)); do
        scrape "$WORK/warm" 2>/dev/null && grep -Eq '^memmon_agent_sweeps_total(\{\})? [1-9]' "$WORK/warm" && break
        kill -0 "$AGENT" 2>/dev/null || { log "agent exited:"; tail "$WORK/agent-$count.log" >&2; exit 1; }
        sleep 1
    done
    for ((t = 0; t < WARM; t += 15)); do sleep 15; scrape "$WORK/warm"; done

    scrape "$WORK/start"
    cpu0=$(cpu_ticks "$AGENT")
    floor_us tick "$((WINDOW > 35 ? WINDOW - 5 : 30))" 1000 >"$WORK/floor-$count" &
    FLOOR=$!
    for ((t = 0; t < WINDOW; t += 15)); do sleep 15; scrape "$WORK/end"; done
    cpu1=$(cpu_ticks "$AGENT")
    wait "$FLOOR"
    sweeps=$(awk -v a="$(metric memmon_agent_sweeps_total "$WORK/start")" -v b="$(metric memmon_agent_sweeps_total "$WORK/end")" 'BEGIN { print b - a }')
    sweep_sum=$(awk -v a="$(metric memmon_agent_sweep_duration_seconds_sum "$WORK/start")" -v b="$(metric memmon_agent_sweep_duration_seconds_sum "$WORK/end")" 'BEGIN { print b - a }')
    analysed=$(awk '/^memmon_agent_processes\{.*scope="analysed"/ { print $2 }' "$WORK/end")
    series=$(grep -c '^[a-z]' "$WORK/end")
    rss=$(status_kb "$AGENT" VmRSS)
    anon=$(status_kb "$AGENT" RssAnon)
    file=$(status_kb "$AGENT" RssFile)
    kill "$AGENT"
    wait "$AGENT" 2>/dev/null || true
    AGENT=
    floor=$(awk -v t="$(cat "$WORK/floor-$count")" -v f="$(floor_us full 3 1000)" 'BEGIN { print (t + f / 60) / 1000 }')
    hot=$(awk -v t="$(floor_us tick 30)" -v f="$(floor_us full 3)" 'BEGIN { print (t + f / 60) / 1000 }')
    awk -v n="$(user_processes)" -v an="$analysed" -v se="$series" -v r="$rss" -v a="$anon" -v f="$file" \
        -v c="$((cpu1 - cpu0))" -v hz="$CLK_TCK" -v s="$sweeps" -v ss="$sweep_sum" -v fl="$floor" -v ho="$hot" \
        'BEGIN { tick = 1000 * c / hz / s; printf "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.2f |\n", n, an, se, r / 1000, a / 1000, f / 1000, tick, 1000 * ss / s, fl, tick / fl, ho, tick / ho }'
done
