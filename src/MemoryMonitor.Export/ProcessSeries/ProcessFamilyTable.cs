namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Every per-process and per-container family, declared once. Each row writes its series by walking the table
/// (<see cref="SeriesRow{TRow}"/>), and /metrics (<see cref="Exposition.MetricsExposition"/>) and OTLP
/// (<see cref="Otlp.OtlpMetricsRequest"/>) write it, so both carry the same families. The order here is the order of the families in the /metrics text.
/// </summary>
internal static class ProcessFamilyTable
{
    /// <summary>The labels of a process row; a folded group's row has an empty pid.</summary>
    public static readonly string[] ProcessLabels = ["pid", "comm", "container_id", "pod_uid", "namespace", "pod", "container"];

    /// <summary>The labels of a group's own families: a group is its comm and container, it has no pid.</summary>
    public static readonly string[] GroupLabels = ["comm", "container_id", "pod_uid", "namespace", "pod", "container"];

    /// <summary>
    /// A container's runtime id and pod uid, and its Kubernetes names from the kubelet log tree (empty outside
    /// Kubernetes): the names stay the same across the restart an OOM kill causes, the id does not.
    /// </summary>
    public static readonly string[] ContainerLabels = ["container_id", "pod_uid", "namespace", "pod", "container"];

    /// <summary>Families with series for every process row, individual or folded group.</summary>
    public static readonly IReadOnlyList<FamilyDescriptor<RowValues>> Process = FamilyDescriptor<RowValues>.Table(
        Gauge(MetricNames.ProcessResident, "Resident set size (VmRSS). Rows with an empty pid sum the processes of one comm and container that are outside the top N.", static v => Known(v.Resident)),
        new(MetricNames.ProcessResidentKind, "Resident memory split into anonymous, file-backed and shared memory (RssAnon, RssFile, RssShmem).", FamilyKind.Gauge, [.. ProcessLabels, "kind"],
            new(["anon"], static v => Known(v.Anon)),
            new(["file"], static v => Known(v.File)),
            new(["shmem"], static v => Known(v.Shmem))),
        Gauge(MetricNames.ProcessProportional, "Proportional set size (PSS) from smaps_rollup, read on its own slower cadence.", static v => Known(v.Proportional)),
        Gauge(MetricNames.ProcessUnique, "Unique set size (USS = Private_Clean + Private_Dirty) from smaps_rollup.", static v => Known(v.Unique)),
        Gauge(MetricNames.ProcessSwap, "Swapped-out anonymous memory (VmSwap).", static v => Known(v.Swap)),
        Gauge(MetricNames.ProcessVirtual, "Virtual address space size (VmSize).", static v => Known(v.Virtual)),
        new(MetricNames.ProcessPageFaults, "Page faults by type (stat minflt/majflt). Group rows count the faults of their members while they were members.", FamilyKind.Counter, [.. ProcessLabels, "type"],
            new(["minor"], static v => v.MinorFaults),
            new(["major"], static v => v.MajorFaults)),
        Gauge(MetricNames.ProcessThreads, "Threads in the process.", static v => Known(v.Threads)),
        Gauge(MetricNames.ProcessStartTime, "Process start time, seconds since the Unix epoch.", static v => v.StartTimeSeconds < 0 ? double.NaN : v.StartTimeSeconds),
        new(MetricNames.ProcessInfo, "Identity of an individually exported process; value is always 1. The command line is never exported (it can hold secrets).", FamilyKind.Gauge, [.. ProcessLabels, "executable", "user"],
            new FamilyPoint<RowValues>(ExtraLabelValues: null, static _ => 1)),
        Judgement(MetricNames.ProcessAnomalyScore, "Anomaly score in [0,1]: the larger of the streaming detector on resident memory and the Isolation Forest across peers and the recent past.", static v => v.AnomalyScore),
        Judgement(MetricNames.ProcessLeakRisk, "Memory-leak risk in [0,1] from a robust trend, a ratchet test and step detection over the last hour of samples.", static v => v.LeakRisk),
        Judgement(MetricNames.ProcessGrowth, "Robust (Theil-Sen) growth of resident memory, bytes per second.", static v => v.GrowthBytesPerSecond),
        Judgement(MetricNames.ProcessExhaustion, "Seconds until the binding limit (container cgroup limit, else available memory plus free swap) is reached at the current growth; absent when not growing.", static v => v.ExhaustionSeconds),
        Judgement(MetricNames.ProcessDnaDrift, "Distance in [0,1] of the process's memory DNA from the baseline learnt for its executable identity.", static v => v.DnaDrift)
    );

    /// <summary>Families with series for folded groups only.</summary>
    public static readonly IReadOnlyList<FamilyDescriptor<RowValues>> Group = FamilyDescriptor<RowValues>.Table(
        new FamilyDescriptor<RowValues>(MetricNames.ProcessGroupMembers, "Processes folded into a group row (empty pid) of the per-process families.", FamilyKind.Gauge, GroupLabels,
            new FamilyPoint<RowValues>([], static v => v.Members))
    );

    public static readonly IReadOnlyList<FamilyDescriptor<ContainerValues>> Container = FamilyDescriptor<ContainerValues>.Table(
        ContainerGauge(MetricNames.ContainerUsage, "Memory charged to the container's cgroup (v2 memory.current, v1 memory.usage_in_bytes).", static c => Known(c.UsageBytes)),

        // An unlimited cgroup has no limit series rather than a huge number, so "usage / limit" alerts ignore it.
        ContainerGauge(MetricNames.ContainerLimit, "The container cgroup's memory limit; absent when unlimited.", static c => c.LimitBytes ?? double.NaN, removesUnknown: true),
        ContainerGauge(MetricNames.ContainerEffectiveLimit, "The memory limit that binds the container: the smallest on its cgroup path, pod and QoS slice included (v2 memory.max up to the root, v1 hierarchical_memory_limit); absent when unlimited.", static c => c.EffectiveLimitBytes ?? double.NaN, removesUnknown: true),
        ContainerGauge(MetricNames.ContainerHigh, "The cgroup's memory.high (v2): above it the kernel throttles and reclaims rather than OOM-kills; absent when none.", static c => c.HighBytes ?? double.NaN, removesUnknown: true),
        ContainerGauge(MetricNames.ContainerWorkingSet, "Usage less inactive file cache, floored at 0: the working set kubelet evicts on and kubectl top shows.", static c => Known(c.WorkingSetBytes)),
        new(MetricNames.ContainerMemoryKind, "The cgroup's memory by kind, from memory.stat (v1: the total_* fields; v1 has no slab split).", FamilyKind.Gauge, [.. ContainerLabels, "kind"],
            new(["anon"], static c => Known(c.Stat.AnonBytes)),
            new(["file"], static c => Known(c.Stat.FileBytes)),
            new(["active_file"], static c => Known(c.Stat.ActiveFileBytes)),
            new(["inactive_file"], static c => Known(c.Stat.InactiveFileBytes)),
            new(["shmem"], static c => Known(c.Stat.ShmemBytes)),
            new(["file_mapped"], static c => Known(c.Stat.FileMappedBytes)),
            new(["unevictable"], static c => Known(c.Stat.UnevictableBytes)),
            new(["slab_reclaimable"], static c => Known(c.Stat.SlabReclaimableBytes)),
            new(["slab_unreclaimable"], static c => Known(c.Stat.SlabUnreclaimableBytes))),
        ContainerGauge(MetricNames.ContainerUnreclaimable, "Estimate of what the kernel cannot free before it OOM-kills in the cgroup: anon beyond the swap room left, shmem, mlocked file pages and unreclaimable slab.", static c => Known(c.UnreclaimableBytes)),
        ContainerGauge(MetricNames.ContainerSwap, "Swap used by the cgroup (v2 memory.swap.current, v1 total_swap).", static c => Known(c.SwapBytes)),
        new(MetricNames.ContainerOomKills, "Processes the kernel OOM-killed in the cgroup (v2 memory.events oom_kill, v1 memory.oom_control oom_kill).", FamilyKind.Counter, ContainerLabels,
            new FamilyPoint<ContainerValues>([], static c => Known(c.Events.OomKill))),
        new(MetricNames.ContainerMemoryEvents, "Memory events of the cgroup (v2 memory.events): max = usage hit the limit (v1 memory.failcnt), high = throttled above memory.high, oom = an allocation failed at the limit, oom_kill = a process was killed.", FamilyKind.Counter, [.. ContainerLabels, "event"],
            new(["max"], static c => Known(c.Events.Max)),
            new(["high"], static c => Known(c.Events.High)),
            new(["oom"], static c => Known(c.Events.Oom)),
            new(["oom_kill"], static c => Known(c.Events.OomKill))),

        // PSI totals are microseconds.
        new(MetricNames.ContainerPressure, "Time the cgroup's tasks stalled waiting for memory (v2 memory.pressure PSI totals): some = at least one task, full = all non-idle tasks.", FamilyKind.Counter, [.. ContainerLabels, "kind"],
            new(["some"], static c => c.Pressure is { } p ? p.SomeTotalMicroseconds / 1e6 : double.NaN),
            new(["full"], static c => c.Pressure is { } p ? p.FullTotalMicroseconds / 1e6 : double.NaN)),

        // A judgement not (or no longer) made is removed, as the process judgements are.
        ContainerGauge(MetricNames.ContainerExhaustion, "Seconds until the container's unreclaimable memory reaches its effective limit at its current growth; absent when not growing or unlimited.", static c => c.ExhaustionSeconds, removesUnknown: true)
    );

    private static FamilyDescriptor<RowValues> Gauge(string name, string help, Func<RowValues, double> value) =>
        new(name, help, FamilyKind.Gauge, ProcessLabels, new FamilyPoint<RowValues>([], value));

    /// <param name="removesUnknown">For a limit that can be lifted or a judgement that can no longer be made.</param>
    private static FamilyDescriptor<ContainerValues> ContainerGauge(string name, string help, Func<ContainerValues, double> value, bool removesUnknown = false) =>
        new(name, help, FamilyKind.Gauge, ContainerLabels, new FamilyPoint<ContainerValues>([], value)) { RemovesUnknown = removesUnknown };

    /// <summary>A judgement not (or no longer) made is removed rather than left at a stale value.</summary>
    private static FamilyDescriptor<RowValues> Judgement(string name, string help, Func<RowValues, double> value) =>
        new(name, help, FamilyKind.Gauge, ProcessLabels, new FamilyPoint<RowValues>([], value)) { RemovesUnknown = true };

    /// <summary>Collection reports an unread byte count as -1.</summary>
    private static double Known(long value) => value < 0 ? double.NaN : value;
}
