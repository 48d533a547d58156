namespace MemoryMonitor.Analysis.Leaks;

/// <summary>Thresholds of the leak analyzer. The defaults are what the tests and docs/leak-detection.md were measured with.</summary>
public sealed class LeakAnalyzerOptions
{
    public static LeakAnalyzerOptions Default { get; } = new();

    /// <summary>Below this many samples the window is Insufficient. A count, not a duration, so the same shape
    /// sampled every second or every 100 ms is judged alike once enough samples exist.</summary>
    public int MinimumSamples { get; init; } = 30;

    /// <summary>Risk is scaled by a smooth ramp from 0 just below <see cref="MinimumSamples"/> to 1 at this many samples
    /// (0.8 at 130 of the default 170): a short window can look like anything, the rising half of one GC cycle included.
    /// Choose the sampling interval so that this many samples span a few cycles of the slowest sawtooth that should not
    /// be called a leak.</summary>
    public int FullConfidenceSamples { get; init; } = 170;

    /// <summary>Most pairwise slopes the Theil-Sen estimator takes; longer windows are subsampled.</summary>
    public int MaxPairs { get; init; } = 4096;

    /// <summary>Segments of the window whose lows (and highs) must rise one after another: the ratchet test.</summary>
    public int Segments { get; init; } = 4;

    /// <summary>Growth over the window relative to the median level below which the trend adds nothing to risk.</summary>
    public double RelativeGrowthLow { get; init; } = 0.01;

    /// <summary>Growth over the window relative to the median level at which the trend counts in full.</summary>
    public double RelativeGrowthHigh { get; init; } = 0.05;

    /// <summary>Throws naming the setting, its value and what would be valid.</summary>
    public void Validate()
    {
        if (MinimumSamples < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumSamples), MinimumSamples, $"{nameof(MinimumSamples)} must be at least 8.");
        }

        if (FullConfidenceSamples < MinimumSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(FullConfidenceSamples), FullConfidenceSamples, $"{nameof(FullConfidenceSamples)} must be at least {nameof(MinimumSamples)} ({MinimumSamples}).");
        }

        if (MaxPairs < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPairs), MaxPairs, $"{nameof(MaxPairs)} must be at least 64.");
        }

        if (Segments < 3 || Segments > MinimumSamples / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Segments), Segments, $"{nameof(Segments)} must be between 3 and {nameof(MinimumSamples)} / 2 ({MinimumSamples / 2}).");
        }

        if (!(RelativeGrowthLow >= 0 && RelativeGrowthHigh > RelativeGrowthLow))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeGrowthHigh), RelativeGrowthHigh, $"{nameof(RelativeGrowthLow)} ({RelativeGrowthLow}) must be >= 0 and below {nameof(RelativeGrowthHigh)}.");
        }
    }
}
