namespace MemoryMonitor.Analysis.Judgement;

/// <summary>What the analysis concluded about one container at the last tick; NaN/null while still learning.</summary>
public sealed class ContainerJudgement
{
    /// <summary>Robust growth of the container's unreclaimable memory, bytes per second.</summary>
    public double UnreclaimableGrowthBytesPerSecond { get; internal set; } = double.NaN;

    /// <summary>Seconds until the unreclaimable memory reaches the effective limit at its current growth; null when not growing or unlimited.</summary>
    public double? ExhaustionSeconds { get; internal set; }
}
