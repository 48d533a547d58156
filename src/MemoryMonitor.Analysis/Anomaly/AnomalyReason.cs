namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>Which part of <see cref="SeriesAnomalyDetector"/> drove a score.</summary>
public enum AnomalyReason
{
    /// <summary>Not scored: the value was not a finite number.</summary>
    None,

    /// <summary>Too few observations for a baseline yet; the score is 0.</summary>
    WarmingUp,

    /// <summary>Distance from the sliding window's median in robust (MAD) deviations.</summary>
    RobustZScore,

    /// <summary>Distance from the exponentially weighted baseline in its own exponentially weighted deviations.</summary>
    EwmaDeviation,

    /// <summary>Distance from the value one learnt period ago, in deviations of the series' own period-to-period changes.</summary>
    SeasonalDeviation,

    /// <summary>The median of the last few values moved away from the window's median: a sustained shift, not one point.</summary>
    LevelShift,
}
