namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// What the analysis concluded about one process at the last tick. Scores are NaN until the process has
/// been watched long enough to judge (its own warm-up), so exporters leave them unset rather than report 0.
/// </summary>
public sealed class ProcessJudgement
{
    /// <summary>The judgement of a process the engine has no samples of (its status could not be read): nothing known, not flagged.</summary>
    public static ProcessJudgement Unjudged { get; } = new();

    /// <summary>Combined anomaly score in [0,1] (streaming statistics and the Isolation Forest).</summary>
    public double AnomalyScore { get; internal set; } = double.NaN;

    /// <summary>Which detector drove the anomaly score, for reports ("robust z-score 7.2 deviations").</summary>
    public string AnomalyReason { get; internal set; } = string.Empty;

    /// <summary>Probability-like leak risk in [0,1].</summary>
    public double LeakRisk { get; internal set; } = double.NaN;

    /// <summary>Robust resident-memory growth, bytes per second (negative when shrinking).</summary>
    public double GrowthBytesPerSecond { get; internal set; } = double.NaN;

    /// <summary>Seconds until the binding limit is reached at the current growth; null when not growing or unknown.</summary>
    public double? ExhaustionSeconds { get; internal set; }

    /// <summary>The shape of the resident series (steady, growing, sawtooth, ...).</summary>
    public string Pattern { get; internal set; } = string.Empty;

    /// <summary>Distance of current behaviour from the learnt baseline of this executable identity, in [0,1].</summary>
    public double DnaDrift { get; internal set; } = double.NaN;

    /// <summary>Locality-sensitive hash of the behaviour fingerprint (similar behaviour, similar hash); 0 until computed.</summary>
    public ulong DnaHash { get; internal set; }

    /// <summary>True when any judgement crosses its flag threshold: the process then keeps its own series outside the top N.</summary>
    public bool IsFlagged { get; internal set; }
}
