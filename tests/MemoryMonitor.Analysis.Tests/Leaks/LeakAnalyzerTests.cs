using MemoryMonitor.Analysis.Leaks;
using static MemoryMonitor.Analysis.Tests.Leaks.SyntheticSeries;

namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>
/// Five minutes of each shape at 1 s (300 samples), assessed as the agent would: on every tick, over everything
/// seen so far. A non-leak must stay under 0.3 at every tick, not just at the end.
/// </summary>
public sealed class LeakAnalyzerTests
{
    private const int Samples = 300;

    [Fact]
    public void Leak_risk_stays_low_for_steady_noise()
    {
        var (max, last) = RunTicks(Make(Samples, 1, Steady(64), noiseMb: 0.5));

        Assert.True(max < 0.3, $"max risk {max}");
        Assert.Equal(LeakPattern.Steady, last.Pattern);
    }

    [Fact]
    public void Leak_risk_stays_low_for_sine()
    {
        var (max, last) = RunTicks(Make(Samples, 1, Sine(64, 32, 30)));

        Assert.True(max < 0.3, $"max risk {max}");
        Assert.Equal(LeakPattern.Periodic, last.Pattern);
    }

    [Fact]
    public void Leak_risk_stays_low_for_gc_sawtooth()
    {
        var (max, last) = RunTicks(Make(Samples, 1, Sawtooth(64, 32, 20), noiseMb: 0.1));

        Assert.True(max < 0.3, $"max risk {max}");
        Assert.Equal(LeakPattern.Sawtooth, last.Pattern);
    }

    [Fact]
    public void Leak_risk_stays_low_for_one_step()
    {
        var (max, last) = RunTicks(Make(Samples, 1, Step(64, 32, 100), noiseMb: 0.1));

        Assert.True(max < 0.3, $"max risk {max}");
        Assert.Equal(LeakPattern.Step, last.Pattern);
    }

    [Fact]
    public void Leak_risk_rises_for_linear_leak_and_growth_is_the_leak_rate()
    {
        var (_, last) = RunTicks(Make(Samples, 1, Linear(64, 2)));

        Assert.True(last.Risk >= 0.8, $"risk {last.Risk}");
        Assert.Equal(LeakPattern.Growing, last.Pattern);
        Assert.Equal(2 * Mb / 60, last.GrowthBytesPerSecond, 2 * Mb / 60 * 0.001);
    }

    [Fact]
    public void Leak_risk_rises_for_noisy_linear_leak()
    {
        var (_, last) = RunTicks(Make(Samples, 1, Linear(64, 2), noiseMb: 0.5));

        Assert.True(last.Risk >= 0.8, $"risk {last.Risk}");
        Assert.Equal(LeakPattern.Growing, last.Pattern);
        Assert.InRange(last.GrowthBytesPerSecond * 60 / Mb, 1.9, 2.1);
    }

    [Fact]
    public void Leak_risk_rises_for_sawtooth_with_rising_troughs()
    {
        // 2 MB/min under a 32 MB GC sawtooth: the trend is a fraction of the swing, only the ratchet shows it.
        var (_, last) = RunTicks(Make(Samples, 1, Sawtooth(64, 32, 20, leakMbPerMinute: 2), noiseMb: 0.1));

        Assert.True(last.Risk >= 0.8, $"risk {last.Risk}");
        Assert.Equal(LeakPattern.RatchetingSawtooth, last.Pattern);
    }

    [Fact]
    public void Linear_leak_is_flagged_within_three_minutes_at_one_second_sampling()
    {
        var (x, y) = Make(Samples, 1, Linear(64, 2));
        var flaggedAt = Enumerable.Range(30, Samples - 29)
            .First(n => LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null).Risk >= 0.8);

        Assert.InRange(flaggedAt, 60, 180);
    }

    [Fact]
    public void Exhaustion_seconds_of_a_linear_leak_is_headroom_over_leak_rate()
    {
        var (x, y) = Make(Samples, 1, Linear(64, 2));

        var assessment = LeakAnalyzer.Assess(x, y, headroomBytes: 100 * Mb);

        // 100 MB left at 2 MB/min: 50 minutes.
        Assert.NotNull(assessment.ExhaustionSeconds);
        Assert.Equal(3000, assessment.ExhaustionSeconds.Value, 3000 * 0.001);
    }

    [Fact]
    public void Exhaustion_is_unknown_without_headroom_or_without_growth()
    {
        var (x, y) = Make(Samples, 1, Linear(64, 2));
        var (sx, sy) = Make(Samples, 1, Linear(64, -2));

        Assert.Null(LeakAnalyzer.Assess(x, y, headroomBytes: null).ExhaustionSeconds);
        Assert.Null(LeakAnalyzer.Assess(sx, sy, headroomBytes: 100 * Mb).ExhaustionSeconds);
        Assert.Equal(0, LeakAnalyzer.Assess(x, y, headroomBytes: -5 * Mb).ExhaustionSeconds);
    }

    [Fact]
    public void Fewer_samples_than_the_minimum_are_insufficient()
    {
        var (x, y) = Make(29, 1, Linear(64, 60));

        Assert.Equal(new LeakAssessment(0, 0, null, LeakPattern.Insufficient), LeakAnalyzer.Assess(x, y, 100 * Mb));
    }

    [Fact]
    public void Same_shape_compressed_in_time_gives_the_same_risk()
    {
        // The real-process tests run shapes ten times faster and sample ten times more often than production.
        foreach (var (slow, fast) in new[]
        {
            (Linear(64, 2), Linear(64, 20)),
            (Sawtooth(64, 32, 20, 2), Sawtooth(64, 32, 2, 20)),
            (Sawtooth(64, 32, 20), Sawtooth(64, 32, 2)),
            (Step(64, 32, 100), Step(64, 32, 10)),
        })
        {
            for (var n = 30; n <= Samples; n += 30)
            {
                var (x1, y1) = Make(n, 1, slow, noiseMb: 0.1);
                var (x2, y2) = Make(n, 0.1, fast, noiseMb: 0.1);
                Assert.Equal(LeakAnalyzer.Assess(x1, y1, null).Risk, LeakAnalyzer.Assess(x2, y2, null).Risk, 6);
            }
        }
    }

    [Fact]
    public void Same_shape_sampled_ten_times_more_often_gives_a_similar_verdict()
    {
        foreach (var (shape, leaking) in new[]
        {
            (Linear(64, 2), true),
            (Sawtooth(64, 32, 20, 2), true),
            (Sawtooth(64, 32, 20), false),
            (Sine(64, 32, 30), false),
            (Step(64, 32, 100), false),
        })
        {
            var (x1, y1) = Make(Samples, 1, shape, noiseMb: 0.1);
            var (x2, y2) = Make(Samples * 10, 0.1, shape, noiseMb: 0.1);
            var coarse = LeakAnalyzer.Assess(x1, y1, null);
            var fine = LeakAnalyzer.Assess(x2, y2, null);

            Assert.Equal(coarse.Pattern, fine.Pattern);
            Assert.Equal(leaking, coarse.Risk >= 0.8);
            Assert.Equal(leaking, fine.Risk >= 0.8);
            Assert.InRange(fine.Risk, coarse.Risk - 0.1, coarse.Risk + 0.1);
        }
    }

    [Fact]
    public void Mismatched_lengths_and_bad_options_are_rejected_naming_the_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => LeakAnalyzer.Assess(new double[40], new double[39], null));
        Assert.Contains("40", error.Message, StringComparison.Ordinal);

        var options = new LeakAnalyzerOptions { FullConfidenceSamples = 10 };
        var invalid = Assert.Throws<ArgumentOutOfRangeException>(() => LeakAnalyzer.Assess(new double[40], new double[40], null, options));
        Assert.Equal(nameof(LeakAnalyzerOptions.FullConfidenceSamples), invalid.ParamName);
    }

    [Fact]
    public void Non_finite_samples_are_insufficient_rather_than_a_verdict()
    {
        var (x, y) = Make(Samples, 1, Linear(64, 2));
        y[17] = double.NaN;

        Assert.Equal(LeakPattern.Insufficient, LeakAnalyzer.Assess(x, y, null).Pattern);
    }

    [Theory]
    [InlineData(40, 4096.0, null)]
    [InlineData(170, 12 * 1024.0 * 1024, 1e9)]
    [InlineData(240, 3.5e9, 0.0)]
    [InlineData(240, 0.0, 1e9)]
    public void A_flat_window_gets_what_the_full_assessment_gives(int samples, double bytes, double? headroom)
    {
        // Uneven ticks (a late sweep) still strictly increase; the shortcut must not depend on an even spacing.
        var x = Enumerable.Range(0, samples).Select(i => (i * 1.0) + (i % 7 == 0 ? 0.4 : 0)).ToArray();
        var y = Enumerable.Repeat(bytes, samples).ToArray();

        var shortcut = LeakAnalyzer.Assess(x, y, headroom);

        Assert.Equal(LeakAnalyzer.AssessInFull(x, y, headroom, LeakAnalyzerOptions.Default), shortcut);
        Assert.Equal(bytes > 0 ? LeakPattern.Steady : LeakPattern.Insufficient, shortcut.Pattern);
    }

    [Fact]
    public void A_window_flat_but_for_one_page_is_assessed_in_full()
    {
        var x = Enumerable.Range(0, 240).Select(i => (double)i).ToArray();
        var y = Enumerable.Repeat(64.0 * Mb, 240).ToArray();
        y[^1] += 4096;

        Assert.Equal(LeakAnalyzer.AssessInFull(x, y, 1e9, LeakAnalyzerOptions.Default), LeakAnalyzer.Assess(x, y, 1e9));
    }

    private static (double Max, LeakAssessment Last) RunTicks((double[] Seconds, double[] Bytes) series)
    {
        var (x, y) = series;
        var max = 0.0;
        LeakAssessment last = default;
        for (var n = 1; n <= x.Length; n++)
        {
            last = LeakAnalyzer.Assess(x.AsSpan(0, n), y.AsSpan(0, n), null);
            max = Math.Max(max, last.Risk);
        }

        return (max, last);
    }
}
