namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Every per-process and per-container family, declared once. prometheus-net registers one collector per
/// descriptor (<see cref="ProcessFamilies"/>), each row writes and removes its series by walking the table
/// (<see cref="SeriesRow{TRow}"/>), and the OTLP instruments are made from it
/// (<see cref="Instruments.ProcessInstruments"/>), so /metrics and OTLP carry the same families. The order here
/// is the order of the families in the /metrics text.
/// </summary>
internal static class ProcessFamilyTable
{
    /// <summary>The labels of a process row; a folded group's row has an empty pid.</summary>
    public static readonly string[] ProcessLabels = ["pid", "comm", "container_id", "pod_uid"];

    /// <summary>The labels of a group's own families: a group is its comm and container, it has no pid.</summary>
    public static readonly string[] GroupLabels = ["comm", "container_id", "pod_uid"];

    public static readonly string[] ContainerLabels = ["container_id", "pod_uid"];

    /// <summary>Families with series for every process row, individual or folded group.</summary>
    public static readonly IReadOnlyList<FamilyDescriptor<RowValues>> Process =
    [
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
        Judgement(MetricNames.ProcessDnaDrift, "Distance in [0,1] of the process's memory DNA from the baseline learnt for its executable identity.", static v => v.DnaDrift),
    ];

    /// <summary>Families with series for folded groups only.</summary>
    public static readonly IReadOnlyList<FamilyDescriptor<RowValues>> Group =
    [
        new(MetricNames.ProcessGroupMembers, "Processes folded into a group row (empty pid) of the per-process families.", FamilyKind.Gauge, GroupLabels,
            new FamilyPoint<RowValues>([], static v => v.Members)),
    ];

    public static readonly IReadOnlyList<FamilyDescriptor<ContainerValues>> Container =
    [
        new(MetricNames.ContainerUsage, "Memory charged to the container's cgroup (v2 memory.current, v1 memory.usage_in_bytes).", FamilyKind.Gauge, ContainerLabels,
            new FamilyPoint<ContainerValues>([], static c => Known(c.UsageBytes))),

        // An unlimited cgroup has no limit series rather than a huge number, so "usage / limit" alerts ignore it.
        new(MetricNames.ContainerLimit, "The container cgroup's memory limit; absent when unlimited.", FamilyKind.Gauge, ContainerLabels,
            new FamilyPoint<ContainerValues>([], static c => c.LimitBytes ?? double.NaN)) { RemovesUnknown = true },
    ];

    private static FamilyDescriptor<RowValues> Gauge(string name, string help, Func<RowValues, double> value) =>
        new(name, help, FamilyKind.Gauge, ProcessLabels, new FamilyPoint<RowValues>([], value));

    /// <summary>A judgement not (or no longer) made is removed rather than left at a stale value.</summary>
    private static FamilyDescriptor<RowValues> Judgement(string name, string help, Func<RowValues, double> value) =>
        new(name, help, FamilyKind.Gauge, ProcessLabels, new FamilyPoint<RowValues>([], value)) { RemovesUnknown = true };

    /// <summary>Collection reports an unread byte count as -1.</summary>
    private static double Known(long value) => value < 0 ? double.NaN : value;
}
