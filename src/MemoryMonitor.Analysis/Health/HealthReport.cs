namespace MemoryMonitor.Analysis.Health;

/// <summary>System memory health, 0 (failing) to 100 (nothing wrong), with the factors that lowered it, worst first.</summary>
public sealed record HealthReport(double Score, IReadOnlyList<HealthFactor> Factors);
