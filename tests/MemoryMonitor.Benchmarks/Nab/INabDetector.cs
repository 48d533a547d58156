namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>A detector under NAB: one anomaly score in [0, 1] per row of a file, computed streaming, oldest row first.</summary>
internal interface INabDetector
{
    string Name { get; }

    double[] Detect(NabDataFile file);
}
