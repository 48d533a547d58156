namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>A detector's corpus score under one profile at the threshold NAB's optimiser chose for it.</summary>
internal sealed record NabResult(string Detector, NabProfile Profile, NabThresholdScore Totals, double NullScore, double PerfectScore)
{
    /// <summary>NAB's normalisation (nab/runner.py normalize): 100 × (raw − null) / (perfect − null).</summary>
    public double Normalised => 100 * (Totals.Score - NullScore) / (PerfectScore - NullScore);
}
