namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>NAB's null detector (nab/detectors/null): 0.5 for every row. Its score is the normalisation's zero.</summary>
internal sealed class NullNabDetector : INabDetector
{
    public string Name => "null";

    public double[] Detect(NabDataFile file)
    {
        var scores = new double[file.Rows];
        Array.Fill(scores, 0.5);
        return scores;
    }
}
