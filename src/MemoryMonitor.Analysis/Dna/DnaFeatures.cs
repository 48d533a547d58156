namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// Named, scale-free features of a process's memory behaviour over a window. See docs/memory-dna.md
/// for how each is measured and normalised.
/// </summary>
/// <param name="Level">log2 of mean resident bytes (30 is 1 GiB).</param>
/// <param name="Variability">Coefficient of variation of resident bytes (standard deviation / mean).</param>
/// <param name="Trend">Robust (Theil-Sen, as the leak growth) slope of resident bytes as a fraction of the mean per hour (0.1 = +10 %/h).</param>
/// <param name="Period">Dominant period of the detrended resident series in samples, 0 when none.</param>
/// <param name="PeriodStrength">Autocorrelation at <paramref name="Period"/>, 0 when none.</param>
/// <param name="AnonShare">Mean anonymous share of resident bytes in [0, 1], null when the kernel does not say.</param>
/// <param name="ResidentToVirtual">Mean resident / mean virtual bytes in [0, 1], null when virtual size is unknown.</param>
/// <param name="MinorFaultRate">log10(1 + minor faults per second).</param>
/// <param name="MajorFaultRate">log10(1 + major faults per second).</param>
/// <param name="Complexity">Normalised permutation entropy (order 3) of resident bytes in [0, 1].</param>
public sealed record DnaFeatures(
    double Level,
    double Variability,
    double Trend,
    double Period,
    double PeriodStrength,
    double? AnonShare,
    double? ResidentToVirtual,
    double MinorFaultRate,
    double MajorFaultRate,
    double Complexity)
{
    /// <summary>Length of <see cref="ToVector"/>.</summary>
    public const int VectorLength = 10;

    /// <summary>
    /// The features mapped each into [0, 1], in declaration order:
    /// level (log2 - 20) / 20, so 1 MiB is 0 and 1 TiB is 1;
    /// variability 1 - exp(-cv / 0.05), so 5 % variation is 0.63;
    /// trend 0.5 + 0.5 tanh(trend / 0.25), so flat is 0.5 and +25 %/h is 0.88;
    /// period log2(period) / 10 (0 when none, 1024 samples is 1);
    /// period strength as is;
    /// anon share as is (0.5 when unknown);
    /// resident/virtual (log10(ratio) + 4) / 4, so 1/10,000 is 0 and 1 is 1 (0.5 when unknown);
    /// minor fault rate / 6 (a million per second is 1); major fault rate / 3 (a thousand per second is 1);
    /// complexity as is. Every component is clamped to [0, 1].
    /// </summary>
    public double[] ToVector()
    {
        var vector = new double[VectorLength];
        WriteVector(vector);
        return vector;
    }

    internal void WriteVector(Span<double> vector)
    {
        vector[0] = Clamp((Level - 20) / 20);
        vector[1] = Clamp(1 - Math.Exp(-Variability / 0.05));
        vector[2] = Clamp(0.5 + (0.5 * Math.Tanh(Trend / 0.25)));
        vector[3] = Period > 0 ? Clamp(Math.Log2(Period) / 10) : 0;
        vector[4] = Clamp(PeriodStrength);
        vector[5] = AnonShare is { } anon ? Clamp(anon) : 0.5;
        vector[6] = ResidentToVirtual is { } ratio && ratio > 0 ? Clamp((Math.Log10(ratio) + 4) / 4) : 0.5;
        vector[7] = Clamp(MinorFaultRate / 6);
        vector[8] = Clamp(MajorFaultRate / 3);
        vector[9] = Clamp(Complexity);
    }

    // NaN maps to 0 so one bad feature cannot poison a hash or a drift.
    private static double Clamp(double value) => value >= 0 ? Math.Min(value, 1) : 0;
}
