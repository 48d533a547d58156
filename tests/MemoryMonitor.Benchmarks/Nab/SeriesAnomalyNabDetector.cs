using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>The agent's <see cref="SeriesAnomalyDetector"/>, one fresh instance per file, fed row by row.</summary>
internal sealed class SeriesAnomalyNabDetector(AnomalyDetectorOptions options, string name = "SeriesAnomalyDetector") : INabDetector
{
    public string Name => name;

    public double[] Detect(NabDataFile file)
    {
        var detector = new SeriesAnomalyDetector(options);
        var scores = new double[file.Rows];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = detector.Observe(file.Values[i]).Score;
        }

        return scores;
    }
}
