namespace MemoryMonitor.Cli.Reports;

/// <summary>What `memmon track` found: one memory-DNA report per process watched.</summary>
internal sealed record TrackReport(DateTimeOffset Started, double DurationSeconds, double IntervalSeconds, IReadOnlyList<ProcessDnaReport> Processes);

/// <summary>A process's behaviour fingerprint and what was seen while it was tracked.</summary>
internal sealed record ProcessDnaReport(
    int Pid,
    string Name,
    string Executable,
    int Samples,
    bool Exited,
    long ResidentBytes,
    string? DnaHash,
    DnaPattern? Pattern,
    double? LeakRisk,
    double? GrowthBytesPerSecond,
    string? Shape,
    IReadOnlyList<AnomalyEvent> Anomalies);

/// <summary>The pattern features of a memory DNA, in their natural units (see docs/memory-dna.md).</summary>
internal sealed record DnaPattern(
    double Level,
    double Variability,
    double TrendPerHour,
    double PeriodSamples,
    double PeriodStrength,
    double? AnonShare,
    double? ResidentToVirtual,
    double MinorFaultRate,
    double MajorFaultRate,
    double Complexity);

/// <summary>One anomaly or leak finding: when, what kind, how severe, and the growth at the time.</summary>
internal sealed record AnomalyEvent(DateTimeOffset At, string Type, string Severity, double Score, double? GrowthBytesPerSecond, string Detail)
{
    /// <summary>Severity by how far past its alert level a score went: the first half medium, then high, the top fifth critical.</summary>
    public static string SeverityOf(double score, double alertLevel) => ((score - alertLevel) / (1 - alertLevel)) switch
    {
        >= 0.8 => "critical",
        >= 0.5 => "high",
        _ => "medium",
    };
}
