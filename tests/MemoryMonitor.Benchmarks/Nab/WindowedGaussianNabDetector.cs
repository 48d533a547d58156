namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// NAB's "windowedGaussian" baseline (nab/detectors/gaussian/windowedGaussian_detector.py): mean and population standard
/// deviation of the previous 1,000 values; the score is 1 - Q(|z|), the Gaussian tail probability's complement, with
/// NAB's erfc(z / 1.4142). Only here to compare the scorer with a published figure.
/// </summary>
internal sealed class WindowedGaussianNabDetector : INabDetector
{
    private const int WindowSize = 1000;

    public string Name => "windowed Gaussian (NAB baseline)";

    public double[] Detect(NabDataFile file)
    {
        var values = file.Values;
        var scores = new double[values.Length];
        double mean = 0;
        double std = 1;
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                scores[i] = NormalProbability(values[i], mean, std);
            }

            var start = Math.Max(0, i + 1 - WindowSize);
            var count = i + 1 - start;
            double sum = 0;
            for (var j = start; j <= i; j++)
            {
                sum += values[j];
            }

            mean = sum / count;
            double squares = 0;
            for (var j = start; j <= i; j++)
            {
                squares += (values[j] - mean) * (values[j] - mean);
            }

            std = Math.Sqrt(squares / count);
            if (std == 0.0)
            {
                std = 0.000001;
            }
        }

        return scores;
    }

    private static double NormalProbability(double x, double mean, double std)
    {
        var z = Math.Abs(x - mean) / std;
        return 1.0 - (0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / 1.4142));
    }
}
