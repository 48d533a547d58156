namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// The leak analyzer's verdict on one window of samples.
/// </summary>
/// <param name="Risk">0..1: how sure the analyzer is that memory is leaking (0.8 and above: flag it).</param>
/// <param name="GrowthBytesPerSecond">Robust trend (Theil-Sen slope); 0 when the window is insufficient.</param>
/// <param name="ExhaustionSeconds">Headroom divided by growth when both are known and growth is positive, else null.</param>
/// <param name="Pattern">The shape of the window.</param>
public readonly record struct LeakAssessment(double Risk, double GrowthBytesPerSecond, double? ExhaustionSeconds, LeakPattern Pattern)
{
    internal static LeakAssessment Insufficient => new(0, 0, null, LeakPattern.Insufficient);
}
