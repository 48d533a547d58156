namespace MemoryMonitor.Export;

/// <summary>
/// Every metric the agent exports, named once. docs/metrics.md, the dashboards and the alert rules use
/// exactly the Prometheus names in the comments.
/// The agent's instruments are named without unit suffixes: /metrics appends "_bytes" for
/// unit "By", "_seconds" for "s" and "_total" on counters, and OTLP receivers get the unit as metadata.
/// Ratios carry "_ratio" in the instrument name: the OpenTelemetry exporter that named them first (1.20.1-beta.1) did not append it for unit "1", and /metrics keeps its names. The per-process families carry their full Prometheus name.
/// </summary>
public static class MetricNames
{
    public const string MeterName = "MemoryMonitor";

    // System (OpenTelemetry, fixed cardinality).
    public const string SystemMemory = "memmon_system_memory";                           // memmon_system_memory_bytes{state}
    public const string SystemMeminfo = "memmon_system_meminfo";                         // memmon_system_meminfo_bytes{field}
    public const string SystemHugepages = "memmon_system_meminfo_hugepages";             // memmon_system_meminfo_hugepages{field}
    public const string SystemSwap = "memmon_system_swap";                               // memmon_system_swap_bytes{state}
    public const string SystemPressure = "memmon_system_memory_pressure";                // memmon_system_memory_pressure_seconds_total{kind}
    public const string SystemPressureAverage = "memmon_system_memory_pressure_stalled_ratio"; // memmon_system_memory_pressure_stalled_ratio{kind,window}
    public const string SystemPageFaults = "memmon_system_page_faults";                  // memmon_system_page_faults_total{type}
    public const string SystemOomKills = "memmon_system_oom_kills";                      // memmon_system_oom_kills_total
    public const string SystemSwapPages = "memmon_system_swap_pages";                    // memmon_system_swap_pages_total{direction}
    public const string SystemCompaction = "memmon_system_compaction_events";            // memmon_system_compaction_events_total{result}
    public const string SystemFragmentation = "memmon_system_memory_fragmentation_ratio"; // memmon_system_memory_fragmentation_ratio{node,zone}

    // System judgements of the analysis (OpenTelemetry, fixed cardinality). No unit, so no suffix is appended.
    public const string SystemAnomalyScore = "memmon_system_memory_anomaly_score";         // memmon_system_memory_anomaly_score
    public const string SystemHealthScore = "memmon_system_memory_health_score";           // memmon_system_memory_health_score
    public const string SystemHealthPenalty = "memmon_system_memory_health_penalty";       // memmon_system_memory_health_penalty{factor}
    public const string SystemExhaustion = "memmon_system_memory_exhaustion";              // memmon_system_memory_exhaustion_seconds
    public const string SystemGrowth = "memmon_system_memory_growth_bytes_per_second";     // memmon_system_memory_growth_bytes_per_second

    // OOM kills read from /dev/kmsg, attributed and scored (OpenTelemetry; bounded by the distinct killed containers).
    public const string OomKills = "memmon_oom_kills";                                   // memmon_oom_kills_total{namespace,pod,container,comm}
    public const string OomKillForecastLead = "memmon_oom_kill_forecast_lead";          // memmon_oom_kill_forecast_lead_seconds (histogram)
    public const string OomKillsUnforeseen = "memmon_oom_kills_unforeseen";             // memmon_oom_kills_unforeseen_total

    // The agent itself (OpenTelemetry, fixed cardinality).
    public const string AgentSweepDuration = "memmon_agent_sweep_duration";              // memmon_agent_sweep_duration_seconds (histogram)
    public const string AgentSweeps = "memmon_agent_sweeps";                             // memmon_agent_sweeps_total
    public const string AgentProcesses = "memmon_agent_processes";                       // memmon_agent_processes{scope}
    public const string AgentReadErrors = "memmon_agent_read_errors";                    // memmon_agent_read_errors_total{file,reason}
    public const string AgentSmapsBackoff = "memmon_agent_smaps_backoff_processes";      // memmon_agent_smaps_backoff_processes
    public const string AgentBaselineSaveFailures = "memmon_agent_baseline_save_failures"; // memmon_agent_baseline_save_failures_total{reason}
    public const string AgentOtlpPushes = "memmon_agent_otlp_pushes";                    // memmon_agent_otlp_pushes_total{result}

    // Per process and per container (ProcessSeries: series are removed when their process exits).
    public const string ProcessResident = "memmon_process_resident_bytes";
    public const string ProcessResidentKind = "memmon_process_resident_kind_bytes";
    public const string ProcessProportional = "memmon_process_proportional_bytes";
    public const string ProcessUnique = "memmon_process_unique_bytes";
    public const string ProcessSwap = "memmon_process_swap_bytes";
    public const string ProcessVirtual = "memmon_process_virtual_bytes";
    public const string ProcessPageFaults = "memmon_process_page_faults_total";
    public const string ProcessThreads = "memmon_process_threads";
    public const string ProcessStartTime = "memmon_process_start_time_seconds";
    public const string ProcessInfo = "memmon_process_info";
    public const string ProcessAnomalyScore = "memmon_process_anomaly_score";
    public const string ProcessLeakRisk = "memmon_process_leak_risk";
    public const string ProcessGrowth = "memmon_process_memory_growth_bytes_per_second";
    public const string ProcessExhaustion = "memmon_process_memory_exhaustion_seconds";
    public const string ProcessDnaDrift = "memmon_process_dna_drift";
    public const string ProcessGroupMembers = "memmon_process_group_processes";
    public const string ContainerUsage = "memmon_container_memory_usage_bytes";
    public const string ContainerLimit = "memmon_container_memory_limit_bytes";
    public const string ContainerEffectiveLimit = "memmon_container_memory_effective_limit_bytes";
    public const string ContainerHigh = "memmon_container_memory_high_bytes";
    public const string ContainerWorkingSet = "memmon_container_memory_working_set_bytes";
    public const string ContainerMemoryKind = "memmon_container_memory_bytes";
    public const string ContainerUnreclaimable = "memmon_container_memory_unreclaimable_bytes";
    public const string ContainerSwap = "memmon_container_swap_bytes";
    public const string ContainerOomKills = "memmon_container_oom_kills_total";
    public const string ContainerMemoryEvents = "memmon_container_memory_events_total";
    public const string ContainerPressure = "memmon_container_memory_pressure_seconds_total";
    public const string ContainerExhaustion = "memmon_container_memory_exhaustion_seconds";

    /// <summary>
    /// The OpenTelemetry instrument name of a per-process family pushed over OTLP: its Prometheus name less the
    /// unit or _total suffix, which OTLP carries as the instrument's unit and type instead.
    /// </summary>
    public static string InstrumentName(string prometheusName)
    {
        ArgumentNullException.ThrowIfNull(prometheusName);
        return Suffix(prometheusName) is { } suffix ? prometheusName[..^suffix.Name.Length] : prometheusName;
    }

    /// <summary>
    /// The OTLP unit of a per-process family, from the same suffix <see cref="InstrumentName"/> drops: "By" for
    /// _bytes, "s" for _seconds (UCUM, which the OpenTelemetry Prometheus translation turns back into the suffix),
    /// none otherwise. Never "1": the translation would append _ratio.
    /// </summary>
    public static string? InstrumentUnit(string prometheusName)
    {
        ArgumentNullException.ThrowIfNull(prometheusName);
        return Suffix(prometheusName)?.Unit;
    }

    /// <summary>
    /// The Prometheus name of an instrument of the agent's meter on /metrics, named as the OpenTelemetry Prometheus
    /// exporter named them (the names in the comments above, which dashboards and rules use): the suffix of its unit
    /// (_bytes for By, _seconds for s; none for "1" or an annotation in braces), then _total on a counter.
    /// </summary>
    public static string PrometheusName(string instrumentName, string? unit, bool counter)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        var name = instrumentName;
        foreach (var suffix in Suffixes)
        {
            if (suffix.Unit is not null && suffix.Unit == unit)
            {
                name = name.EndsWith(suffix.Name, StringComparison.Ordinal) ? name : name + suffix.Name;
                break;
            }
        }

        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    // A counter of seconds carries both: OTLP gets unit "s" and the translation appends "_seconds_total".
    private static readonly (string Name, string? Unit)[] Suffixes = [("_bytes", "By"), ("_seconds", "s"), ("_seconds_total", "s"), ("_total", null)];

    private static (string Name, string? Unit)? Suffix(string prometheusName)
    {
        foreach (var suffix in Suffixes)
        {
            if (prometheusName.EndsWith(suffix.Name, StringComparison.Ordinal))
            {
                return suffix;
            }
        }

        return null;
    }
}
