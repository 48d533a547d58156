namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// How far a process's current memory behaviour has moved from its learnt baseline, in [0, 1].
/// </summary>
public static class DnaDrift
{
    /// <summary>
    /// Steepness k in drift = 1 - exp(-k d): ln 2 / 0.15, so a weighted RMS difference of 0.15 between
    /// normalised vectors (for example a flat process that starts growing 25 %/h) reads as drift 0.5.
    /// </summary>
    private const double Steepness = 4.620981203732969;

    // Per-component weights over DnaFeatures.ToVector. Trend and variability carry the leak signal
    // and count double; period length and the memory-mix ratios move with workload and count half.
    private static readonly double[] Weights = [1.0, 2.0, 2.0, 0.5, 1.0, 0.5, 0.5, 0.5, 1.0, 1.0];
    private static readonly double WeightSum = Sum(Weights);

    /// <summary>
    /// 1 - exp(-k d), where d is the weighted root-mean-square difference of the two normalised
    /// feature vectors (see <see cref="DnaFeatures.ToVector"/>). 0 is identical behaviour; above 0.5
    /// is a change worth a look; near 1 is a different program.
    /// </summary>
    public static double Between(DnaFeatures baseline, DnaFeatures current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        Span<double> a = stackalloc double[DnaFeatures.VectorLength];
        Span<double> b = stackalloc double[DnaFeatures.VectorLength];
        baseline.WriteVector(a);
        current.WriteVector(b);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = a[i] - b[i];
            sum += Weights[i] * difference * difference;
        }

        var distance = Math.Sqrt(sum / WeightSum);
        return 1 - Math.Exp(-Steepness * distance);
    }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
