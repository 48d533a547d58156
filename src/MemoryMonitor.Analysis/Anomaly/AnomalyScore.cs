namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// One observation's verdict.
/// </summary>
/// <param name="Score">In [0, 1], the log scale of the anomaly likelihood: about 0 to 0.2 is ordinary (0 while warming
/// up), 0.3 is a tail probability of 1e-3, 0.5 of 1e-5 (an alert), 1 a far-off surprise or a value beyond the range seen
/// so far.</param>
/// <param name="Reason">The detector whose deviation was largest.</param>
/// <param name="Deviations">How many robust deviations the value is from that detector's baseline (always finite, not negative).</param>
public readonly record struct AnomalyScore(double Score, AnomalyReason Reason, double Deviations);
