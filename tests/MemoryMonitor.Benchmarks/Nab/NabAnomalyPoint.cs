namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// One scored row, NAB's <c>AnomalyPoint</c>: the detector's score, the row's weighted credit if it were a detection
/// (the sweep score) and the window it belongs to: a corpus-wide window id, <see cref="Outside"/> or
/// <see cref="Probationary"/>.
/// </summary>
internal readonly record struct NabAnomalyPoint(double AnomalyScore, double SweepScore, int Window)
{
    public const int Outside = -1;
    public const int Probationary = -2;
}
