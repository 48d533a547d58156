namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>One labelled anomaly window of a data file, as row indices (both ends inclusive).</summary>
internal readonly record struct NabWindow(int Start, int End)
{
    public int Width => End - Start + 1;
}
