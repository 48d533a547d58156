namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>Memory shapes as (seconds, bytes) arrays, with seeded noise so every run sees the same series.</summary>
internal static class SyntheticSeries
{
    public const double Mb = 1024 * 1024;

    public static (double[] Seconds, double[] Bytes) Make(int samples, double interval, Func<double, double> megabytesAt, double noiseMb = 0, int seed = 1)
    {
        var random = new Random(seed);
        var seconds = new double[samples];
        var bytes = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            seconds[i] = 1000 + (i * interval);
            bytes[i] = (megabytesAt(i * interval) + (noiseMb * Gaussian(random))) * Mb;
        }

        return (seconds, bytes);
    }

    public static Func<double, double> Steady(double baseMb) => _ => baseMb;

    public static Func<double, double> Linear(double baseMb, double mbPerMinute) => t => baseMb + (mbPerMinute * t / 60);

    public static Func<double, double> Sine(double baseMb, double amplitudeMb, double periodSeconds) =>
        t => baseMb + (amplitudeMb * (1 + Math.Sin(2 * Math.PI * t / periodSeconds)) / 2);

    public static Func<double, double> Sawtooth(double baseMb, double amplitudeMb, double periodSeconds, double leakMbPerMinute = 0) =>
        t => baseMb + (leakMbPerMinute * t / 60) + (amplitudeMb * (t % periodSeconds) / periodSeconds);

    public static Func<double, double> Step(double baseMb, double stepMb, double atSeconds) => t => t >= atSeconds ? baseMb + stepMb : baseMb;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
