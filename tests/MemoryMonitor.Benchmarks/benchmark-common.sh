# Sourced by the benchmark scripts (from the repository root): what more than one of them needs, written once.
# aot_memmon WORK prints the path of a NativeAOT memmon: the one in MEMMON_AOT_DIR if set, else one published into
# WORK/aot (the publish log stays in WORK).
aot_memmon() {
    if [[ -n "${MEMMON_AOT_DIR:-}" ]]; then
        echo "$MEMMON_AOT_DIR/memmon"
        return
    fi
    echo "[$(date +%T)] publishing the agent with NativeAOT into $1/aot" >&2
    dotnet publish src/MemoryMonitor.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$1/aot" >"$1/publish.log" 2>&1 \
        || { tail -30 "$1/publish.log" >&2; return 1; }
    echo "$1/aot/memmon"
}

# Processes with memory of their own (kernel threads have no VmRSS line): what the exporters and the agent count.
user_processes() { grep -l '^VmRSS' /proc/[0-9]*/status 2>/dev/null | wc -l; }

# utime + stime of PID in clock ticks (the comm field may hold spaces, so fields count from after its ')').
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
