namespace MemoryMonitor.Analysis.Health;

/// <summary>One reason the health score is below 100: the points it cost and the evidence, in words.</summary>
public sealed record HealthFactor(string Name, double Penalty, string Evidence);
