using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Leaks;
using static MemoryMonitor.Analysis.Tests.Leaks.SyntheticSeries;

namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>
/// When a 2 MB/min leak out of 64 MB sampled about every second is flagged, as real sampling delivers it: the first
/// sample up to an interval after the process starts, sweeps that run slower than the interval or lose a tick, and an
/// engine that reassesses each process only every <see cref="AnalysisSettings.LeakEveryTicks"/> ticks. The flag (0.8)
/// must be reached by 150 s after the process starts whatever the engine's stagger, while quiet shapes sampled just as
/// unevenly stay under 0.3. Times are the series' own, so nothing here depends on the machine's speed.
/// </summary>
public sealed class LeakTimingTests
{
    private const double FlagBySeconds = 150;
    private const double Flag = 0.8;

    public static TheoryData<string, double, double, int> Samplings => new()
    {
        // name, first sample (s after start), spacing (s), every how many samples one is lost (0: none)
        { "every second, first second missed", 1, 1, 0 },
        { "first sample almost a second late", 0.99, 1, 0 },
        { "sweeps 5% slower than the interval", 1.05, 1.05, 0 },
        { "one tick in twenty lost", 1, 1, 20 },
    };

    [Theory]
    [MemberData(nameof(Samplings))]
    public void Leak_reaches_the_flag_by_150_s_when_assessed_every_tick(string sampling, double first, double spacing, int lostEvery)
    {
        var (x, y) = Leak(Times(first, spacing, lostEvery, noiseSeed: 0));

        var risk = LeakAnalyzer.Assess(x, y, null).Risk;

        Assert.True(risk >= Flag, $"{sampling}: risk {risk:F3} at {FlagBySeconds} s from {x.Length} samples");
    }

    [Theory]
    [MemberData(nameof(Samplings))]
    public void Leak_reaches_the_flag_by_150_s_whatever_the_engine_stagger(string sampling, double first, double spacing, int lostEvery)
    {
        var every = new AnalysisSettings().LeakEveryTicks;
        foreach (var noiseSeed in new[] { 0, 1, 2 })
        {
            var (x, y) = Leak(Times(first, spacing, lostEvery, noiseSeed));

            // The engine's last assessment by 150 s came from the newest sample count it was due at: up to every - 1 old.
            for (var stagger = 0; stagger < every; stagger++)
            {
                var n = x.Length - ((x.Length + stagger) % every);

                var risk = LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null).Risk;
                Assert.True(risk >= Flag, $"{sampling}, noise seed {noiseSeed}, stagger {stagger}: risk {risk:F3} from the {n} samples assessed last");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samplings))]
    public void Quiet_shapes_sampled_unevenly_stay_below_0_3_at_every_tick(string sampling, double first, double spacing, int lostEvery)
    {
        foreach (var (name, shape, noiseMb) in new (string, Func<double, double>, double)[]
        {
            ("steady", Steady(64), 0.5),
            ("sine", Sine(64, 32, 30), 0),
            ("sawtooth", Sawtooth(64, 32, 20), 0.1),
            ("step", Step(64, 32, 100), 0.1),
        })
        {
            var times = Times(first, spacing, lostEvery, noiseSeed: 0, until: 300);
            var (x, y) = Sample(times, shape, noiseMb);
            for (var n = 1; n <= x.Length; n++)
            {
                var risk = LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null).Risk;
                Assert.True(risk < 0.3, $"{name}, {sampling}: risk {risk:F3} at {x[n - 1]:F1} s");
            }
        }
    }

    public static TheoryData<string, double> Startups => new()
    {
        // name, resident MB of the first sample (read while the process was still allocating its base)
        { "first sample at 1 MB, before the base was touched", 1 },
        { "first sample at 32 MB, half way through", 32 },
        { "first sample at 200 MB, the parent's pages before exec", 200 },
    };

    [Theory]
    [MemberData(nameof(Startups))]
    public void Leak_whose_first_sample_caught_it_starting_reaches_the_flag_by_150_s(string startup, double firstMb)
    {
        var every = new AnalysisSettings().LeakEveryTicks;
        var (x, y) = Leak(Times(first: 0.5, spacing: 1, lostEvery: 0, noiseSeed: 0));
        y[0] = firstMb * Mb;

        for (var stagger = 0; stagger < every; stagger++)
        {
            var n = x.Length - ((x.Length + stagger) % every);
            var assessment = LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null);
            Assert.True(assessment.Risk >= Flag, $"{startup}, stagger {stagger}: risk {assessment.Risk:F3} from {n} samples");
            Assert.Equal(LeakPattern.Growing, assessment.Pattern);
        }
    }

    [Theory]
    [MemberData(nameof(Startups))]
    public void Quiet_shapes_whose_first_sample_caught_them_starting_stay_below_0_3(string startup, double firstMb)
    {
        foreach (var (name, shape, noiseMb) in new (string, Func<double, double>, double)[]
        {
            ("steady", Steady(64), 0.5),
            ("sine", Sine(64, 32, 30), 0),
            ("sawtooth", Sawtooth(64, 32, 20), 0.1),
            ("step", Step(64, 32, 100), 0.1),
        })
        {
            var (x, y) = Make(300, 1, shape, noiseMb);
            y[0] = firstMb * Mb;
            for (var n = 1; n <= x.Length; n++)
            {
                var risk = LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null).Risk;
                Assert.True(risk < 0.3, $"{name}, {startup}: risk {risk:F3} at {n} samples");
            }
        }
    }

    [Fact]
    public void Sawtooth_of_one_minute_stays_below_0_3_through_its_first_cycle()
    {
        // 60 samples of a rising heap are a perfect leak until the collector runs: only the young-window damping holds it.
        var (x, y) = Make(300, 1, Sawtooth(64, 32, 60), noiseMb: 0.1);

        var max = Enumerable.Range(1, x.Length).Max(n => LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null).Risk);

        Assert.True(max < 0.3, $"max risk {max:F3}");
    }

    [Fact]
    public void Clean_leak_is_not_flagged_before_100_samples()
    {
        // The other side of the ramp: a window of under 100 samples spans too few GC cycles to call anything a leak.
        var (x, y) = Make(99, 1, Linear(64, 2));

        Assert.True(LeakAnalyzer.Assess(x, y, null).Risk < Flag);
    }

    /// <summary>Sample times up to <paramref name="until"/> s after the process started, jittered by up to 50 ms when seeded.</summary>
    private static List<double> Times(double first, double spacing, int lostEvery, int noiseSeed, double until = FlagBySeconds)
    {
        var random = new Random(noiseSeed);
        var times = new List<double>();
        for (var i = 0; first + (i * spacing) <= until; i++)
        {
            if (lostEvery > 0 && i % lostEvery == lostEvery - 1)
            {
                continue;
            }

            var jitter = noiseSeed == 0 ? 0 : random.NextDouble() * 0.05;
            times.Add(Math.Min(until, first + (i * spacing) + jitter));
        }

        return times;
    }

    private static (double[] Seconds, double[] Bytes) Leak(List<double> times) => Sample(times, Linear(64, 2), noiseMb: 0.1);

    private static (double[] Seconds, double[] Bytes) Sample(List<double> times, Func<double, double> megabytesAt, double noiseMb)
    {
        var (x, y) = Make(times.Count, 1, _ => 0, noiseMb);
        for (var i = 0; i < times.Count; i++)
        {
            x[i] = 1000 + times[i];
            y[i] += megabytesAt(times[i]) * Mb;
        }

        return (x, y);
    }
}
