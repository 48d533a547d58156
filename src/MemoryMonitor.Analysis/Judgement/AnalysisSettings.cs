namespace MemoryMonitor.Analysis.Judgement;

/// <summary>How the analysis engine spends its budget. Defaults keep 1,000 processes within 20% of the sweep's CPU.</summary>
public sealed record AnalysisSettings
{
    /// <summary>Samples kept per process (240 = one hour at the default 15 s interval).</summary>
    public int HistoryCapacity { get; init; } = 240;

    /// <summary>Window of the per-process streaming anomaly detector, in samples.</summary>
    public int AnomalyWindow { get; init; } = 64;

    /// <summary>
    /// Each process's leak trend is reassessed every this many ticks, processes staggered across ticks, so the
    /// Theil-Sen cost is spread out; leaks develop over minutes, not ticks.
    /// </summary>
    public int LeakEveryTicks { get; init; } = 8;

    /// <summary>The Isolation Forest is refitted on peers and their recent past every this many ticks.</summary>
    public int ForestRefitTicks { get; init; } = 20;

    /// <summary>Memory DNA is recomputed, compared with the baseline and learnt every this many ticks.</summary>
    public int DnaEveryTicks { get; init; } = 60;

    /// <summary>A process whose leak risk or DNA drift reaches this keeps its own series outside the top N.</summary>
    public double FlagThreshold { get; init; } = 0.8;

    /// <summary>
    /// The anomaly score's alert level, which also flags a process: 0.5 is a tail probability of 1e-5 or less
    /// under the streaming detector's learnt behaviour (docs/anomaly-detection.md), and a raw isolation score
    /// of 0.7 for the forest, whose output is calibrated onto the same scale.
    /// </summary>
    public double AnomalyThreshold { get; init; } = 0.5;

    /// <summary>
    /// At most this many processes are analysed (and hold history and detector state, about 12 KB each measured) in a
    /// tick; beyond it the engine admits the largest, the flagged and a rotating sample (<see cref="AnalysisAdmission"/>).
    /// 1,000 keeps a 10,000-process node within 64 MB (62 MB measured, 74-77 MB at 2,000; docs/performance.md) while a
    /// node of up to 1,000 processes still has every one analysed. The largest half of the bound always covers the
    /// default top 100 (and up to top 500) series.
    /// </summary>
    public int MaxAnalysedProcesses { get; init; } = 1000;

    /// <summary>Seed of the Isolation Forest's randomness, so a run can be reproduced.</summary>
    public int Seed { get; init; } = 20261126;

    /// <summary>Every value out of its range, one line each naming the property, the value and the range.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        AtLeast(problems, nameof(HistoryCapacity), HistoryCapacity, 16);
        AtLeast(problems, nameof(AnomalyWindow), AnomalyWindow, 16);
        AtLeast(problems, nameof(LeakEveryTicks), LeakEveryTicks, 1);
        AtLeast(problems, nameof(ForestRefitTicks), ForestRefitTicks, 1);
        AtLeast(problems, nameof(DnaEveryTicks), DnaEveryTicks, 1);
        AtLeast(problems, nameof(MaxAnalysedProcesses), MaxAnalysedProcesses, 1);
        Share(problems, nameof(FlagThreshold), FlagThreshold);
        Share(problems, nameof(AnomalyThreshold), AnomalyThreshold);
        return problems;
    }

    /// <summary>Throws one <see cref="ArgumentOutOfRangeException"/> naming every value out of range.</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentOutOfRangeException(nameof(AnalysisSettings), string.Join("; ", problems));
        }
    }

    private static void AtLeast(List<string> problems, string name, int value, int minimum)
    {
        if (value < minimum)
        {
            problems.Add(FormattableString.Invariant($"{name}: {value} must be at least {minimum}"));
        }
    }

    private static void Share(List<string> problems, string name, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            problems.Add(FormattableString.Invariant($"{name}: {value} must be from 0 to 1"));
        }
    }
}
