using MemoryMonitor.Analysis.Dna;

namespace MemoryMonitor.Analysis.Baselines;

/// <summary>
/// The learnt memory behaviour of one executable identity: an exponentially weighted mean of the
/// DNA features of the windows seen so far.
/// </summary>
/// <param name="Features">The weighted mean features.</param>
/// <param name="Samples">Windows learnt from.</param>
/// <param name="UpdatedAt">When the last window was learnt.</param>
public sealed record DnaBaseline(DnaFeatures Features, long Samples, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The weight of a new window is 1 / min(samples + 1, this): an exact running mean for the first
    /// 64 windows, then an exponential mean with weight 1/64 (half-life about 44 windows), so the
    /// baseline keeps following slow, legitimate change without a single odd window moving it far.
    /// </summary>
    public const int AdaptationWindows = 64;

    /// <summary>A baseline from a first window.</summary>
    public static DnaBaseline Start(DnaFeatures first, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(first);
        return new DnaBaseline(first, 1, at);
    }

    /// <summary>
    /// This baseline moved towards <paramref name="current"/>; pure, the receiver is unchanged.
    /// </summary>
    /// <remarks>
    /// Period does not average meaningfully with "no period" (half of 20 samples and none is not 10).
    /// The strength is averaged like every feature, and the baseline has a period only while that
    /// average still passes the detector's threshold (0.3): one periodic window does not give a steady
    /// baseline a period, and a period that stops recurring fades out.
    /// </remarks>
    public DnaBaseline Learn(DnaFeatures current, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(current);
        var weight = 1.0 / Math.Clamp(Samples + 1, 1, AdaptationWindows);
        var old = Features;
        var strength = Blend(old.PeriodStrength, current.PeriodStrength, weight);
        double period = 0;
        if (strength >= DominantPeriod.MinimumStrength)
        {
            period = old.Period > 0 && current.Period > 0
                ? Blend(old.Period, current.Period, weight)
                : Math.Max(old.Period, current.Period);
        }

        var features = new DnaFeatures(
            Level: Blend(old.Level, current.Level, weight),
            Variability: Blend(old.Variability, current.Variability, weight),
            Trend: Blend(old.Trend, current.Trend, weight),
            Period: period,
            PeriodStrength: strength,
            AnonShare: Blend(old.AnonShare, current.AnonShare, weight),
            ResidentToVirtual: Blend(old.ResidentToVirtual, current.ResidentToVirtual, weight),
            MinorFaultRate: Blend(old.MinorFaultRate, current.MinorFaultRate, weight),
            MajorFaultRate: Blend(old.MajorFaultRate, current.MajorFaultRate, weight),
            Complexity: Blend(old.Complexity, current.Complexity, weight));
        return new DnaBaseline(features, Samples + 1, at);
    }

    private static double Blend(double old, double current, double weight) => old + (weight * (current - old));

    private static double? Blend(double? old, double? current, double weight) => (old, current) switch
    {
        ({ } o, { } c) => Blend(o, c, weight),
        (null, { } c) => c,
        _ => old,
    };
}
