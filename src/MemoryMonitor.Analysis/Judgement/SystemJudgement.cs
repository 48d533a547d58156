using MemoryMonitor.Analysis.Health;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>What the analysis concluded about the whole node at the last tick. NaN/null while still learning.</summary>
public sealed record SystemJudgement(
    double AnomalyScore,
    string AnomalyReason,
    double GrowthBytesPerSecond,
    double? ExhaustionSeconds,
    HealthReport Health)
{
    public static SystemJudgement Unknown { get; } = new(double.NaN, string.Empty, double.NaN, null, new HealthReport(double.NaN, []));
}
