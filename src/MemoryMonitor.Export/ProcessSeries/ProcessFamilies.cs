using Prometheus;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// The per-process and per-container metric families. They live in prometheus-net because its series can
/// be removed: the OpenTelemetry SDK keeps every attribute set a metric has ever seen under cumulative
/// temporality and overflows after 2,000 (measured, docs/architecture.md), which a node's process churn reaches in hours.
/// </summary>
internal sealed class ProcessFamilies
{
    public static readonly string[] ProcessLabels = ["pid", "comm", "container_id", "pod_uid"];

    public ProcessFamilies(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var unset = new GaugeConfiguration { SuppressInitialValue = true };
        Resident = factory.CreateGauge(MetricNames.ProcessResident, "Resident set size (VmRSS). Rows with an empty pid sum the processes of one comm and container that are outside the top N.", ProcessLabels, unset);
        ResidentKind = factory.CreateGauge(MetricNames.ProcessResidentKind, "Resident memory split into anonymous, file-backed and shared memory (RssAnon, RssFile, RssShmem).", [.. ProcessLabels, "kind"], unset);
        Proportional = factory.CreateGauge(MetricNames.ProcessProportional, "Proportional set size (PSS) from smaps_rollup, read on its own slower cadence.", ProcessLabels, unset);
        Unique = factory.CreateGauge(MetricNames.ProcessUnique, "Unique set size (USS = Private_Clean + Private_Dirty) from smaps_rollup.", ProcessLabels, unset);
        Swap = factory.CreateGauge(MetricNames.ProcessSwap, "Swapped-out anonymous memory (VmSwap).", ProcessLabels, unset);
        Virtual = factory.CreateGauge(MetricNames.ProcessVirtual, "Virtual address space size (VmSize).", ProcessLabels, unset);
        PageFaults = factory.CreateCounter(MetricNames.ProcessPageFaults, "Page faults by type (stat minflt/majflt). Group rows count the faults of their members while they were members.", [.. ProcessLabels, "type"], new CounterConfiguration { SuppressInitialValue = true });
        Threads = factory.CreateGauge(MetricNames.ProcessThreads, "Threads in the process.", ProcessLabels, unset);
        StartTime = factory.CreateGauge(MetricNames.ProcessStartTime, "Process start time, seconds since the Unix epoch.", ProcessLabels, unset);
        Info = factory.CreateGauge(MetricNames.ProcessInfo, "Identity of an individually exported process; value is always 1. The command line is never exported (it can hold secrets).", [.. ProcessLabels, "executable", "user"], unset);
        AnomalyScore = factory.CreateGauge(MetricNames.ProcessAnomalyScore, "Anomaly score in [0,1]: the larger of the streaming detector on resident memory and the Isolation Forest across peers and the recent past.", ProcessLabels, unset);
        LeakRisk = factory.CreateGauge(MetricNames.ProcessLeakRisk, "Memory-leak risk in [0,1] from a robust trend, a ratchet test and step detection over the last hour of samples.", ProcessLabels, unset);
        Growth = factory.CreateGauge(MetricNames.ProcessGrowth, "Robust (Theil-Sen) growth of resident memory, bytes per second.", ProcessLabels, unset);
        Exhaustion = factory.CreateGauge(MetricNames.ProcessExhaustion, "Seconds until the binding limit (container cgroup limit, else available memory plus free swap) is reached at the current growth; absent when not growing.", ProcessLabels, unset);
        DnaDrift = factory.CreateGauge(MetricNames.ProcessDnaDrift, "Distance in [0,1] of the process's memory DNA from the baseline learnt for its executable identity.", ProcessLabels, unset);
        GroupMembers = factory.CreateGauge(MetricNames.ProcessGroupMembers, "Processes folded into a group row (empty pid) of the per-process families.", ["comm", "container_id", "pod_uid"], unset);
        ContainerUsage = factory.CreateGauge(MetricNames.ContainerUsage, "Memory charged to the container's cgroup (v2 memory.current, v1 memory.usage_in_bytes).", ["container_id", "pod_uid"], unset);
        ContainerLimit = factory.CreateGauge(MetricNames.ContainerLimit, "The container cgroup's memory limit; absent when unlimited.", ["container_id", "pod_uid"], unset);
    }

    public Gauge Resident { get; }

    public Gauge ResidentKind { get; }

    public Gauge Proportional { get; }

    public Gauge Unique { get; }

    public Gauge Swap { get; }

    public Gauge Virtual { get; }

    public Counter PageFaults { get; }

    public Gauge Threads { get; }

    public Gauge StartTime { get; }

    public Gauge Info { get; }

    public Gauge AnomalyScore { get; }

    public Gauge LeakRisk { get; }

    public Gauge Growth { get; }

    public Gauge Exhaustion { get; }

    public Gauge DnaDrift { get; }

    public Gauge GroupMembers { get; }

    public Gauge ContainerUsage { get; }

    public Gauge ContainerLimit { get; }
}
