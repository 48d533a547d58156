using MemoryMonitor.Analysis.Dna;

namespace MemoryMonitor.Analysis.Tests.Dna;

/// <summary>
/// Windows shaped like the processes the fingerprint must tell apart: 120 samples 10 s apart
/// (20 minutes), resident around 200 MiB, with multiplicative noise from a seeded generator.
/// </summary>
internal static class SyntheticWindows
{
    public const int Samples = 120;
    public const double Interval = 10;
    private const double Base = 200.0 * 1024 * 1024;

    /// <summary>Flat with 0.5 % noise, few faults.</summary>
    public static DnaWindow Steady(int seed) => Build(seed, _ => Base, noise: 0.005, minorPerSecond: 5);

    /// <summary>Grows from 200 MiB to about 400 MiB over the window (300 %/h), faulting as it touches new pages.</summary>
    public static DnaWindow Leaking(int seed) =>
        Build(seed, i => Base * (1 + ((double)i / Samples)), noise: 0.005, minorPerSecond: 400);

    /// <summary>GC-style sawtooth: climbs 30 % over <paramref name="period"/> samples, then drops back.</summary>
    public static DnaWindow Periodic(int seed, int period = 20) =>
        Build(seed, i => Base * (1 + (0.3 * (i % period) / period)), noise: 0.005, minorPerSecond: 2000);

    private static DnaWindow Build(int seed, Func<int, double> resident, double noise, double minorPerSecond)
    {
        var random = new Random(seed);
        var seconds = new double[Samples];
        var rss = new double[Samples];
        var anon = new double[Samples];
        var file = new double[Samples];
        var virt = new double[Samples];
        var minor = new double[Samples];
        var major = new double[Samples];
        double minorTotal = 1000, majorTotal = 10;
        for (var i = 0; i < Samples; i++)
        {
            seconds[i] = 5000 + (i * Interval);
            rss[i] = Math.Round(resident(i) * (1 + (noise * ((2 * random.NextDouble()) - 1))));
            file[i] = 40.0 * 1024 * 1024;
            anon[i] = rss[i] - file[i];
            virt[i] = 2.0 * 1024 * 1024 * 1024;
            minorTotal += Math.Round(minorPerSecond * Interval * (0.8 + (0.4 * random.NextDouble())));
            majorTotal += random.Next(2);
            minor[i] = minorTotal;
            major[i] = majorTotal;
        }

        return new DnaWindow(seconds, rss, anon, file, virt, minor, major);
    }
}
