namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// One observation's verdict.
/// </summary>
/// <param name="Score">In [0, 1]: 0 is ordinary (and every warm-up observation), 0.5 is
/// <see cref="AnomalyDetectorOptions.HalfScoreRatio"/> times the series' own typical large deviation, 1 far beyond.</param>
/// <param name="Reason">The detector whose deviation was largest.</param>
/// <param name="Deviations">How many robust deviations the value is from that detector's baseline (always finite, not negative).</param>
public readonly record struct AnomalyScore(double Score, AnomalyReason Reason, double Deviations);
