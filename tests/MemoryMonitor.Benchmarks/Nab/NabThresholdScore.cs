namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>NAB's <c>ThresholdScore</c>: the raw score and row counts when every row scoring at least Threshold is a detection.</summary>
internal readonly record struct NabThresholdScore(double Threshold, double Score, int Tp, int Tn, int Fp, int Fn)
{
    public int Total => Tp + Tn + Fp + Fn;
}
