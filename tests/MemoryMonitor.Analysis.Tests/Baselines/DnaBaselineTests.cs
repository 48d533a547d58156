using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;

namespace MemoryMonitor.Analysis.Tests.Baselines;

public sealed class DnaBaselineTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Early_windows_average_exactly()
    {
        var baseline = DnaBaseline.Start(Features(level: 20), Start)
            .Learn(Features(level: 22), Start.AddMinutes(1))
            .Learn(Features(level: 24), Start.AddMinutes(2));

        Assert.Equal(22, baseline.Features.Level, 12);
        Assert.Equal(3, baseline.Samples);
        Assert.Equal(Start.AddMinutes(2), baseline.UpdatedAt);
    }

    [Fact]
    public void A_mature_baseline_moves_only_one_sixty_fourth_towards_an_odd_window()
    {
        var mature = new DnaBaseline(Features(level: 20), 1000, Start);

        var learnt = mature.Learn(Features(level: 84), Start.AddHours(1));

        Assert.Equal(21, learnt.Features.Level, 12);
        Assert.Equal(20, mature.Features.Level);
    }

    [Fact]
    public void Baseline_keeps_adapting_to_a_lasting_change()
    {
        var baseline = new DnaBaseline(Features(level: 20), 1000, Start);
        for (var i = 0; i < 300; i++)
        {
            baseline = baseline.Learn(Features(level: 30), Start.AddMinutes(i));
        }

        Assert.True(baseline.Features.Level > 29.9, $"level {baseline.Features.Level}");
    }

    [Fact]
    public void One_periodic_window_does_not_give_a_steady_baseline_a_period()
    {
        var steady = new DnaBaseline(Features(level: 27), 100, Start);

        var learnt = steady.Learn(Features(level: 27) with { Period = 20, PeriodStrength = 0.9 }, Start.AddMinutes(1));

        Assert.Equal(0, learnt.Features.Period);
        Assert.True(learnt.Features.PeriodStrength > 0);
    }

    [Fact]
    public void Unknown_anon_share_takes_the_known_side()
    {
        var baseline = DnaBaseline.Start(Features(level: 27) with { AnonShare = null }, Start)
            .Learn(Features(level: 27) with { AnonShare = 0.6 }, Start.AddMinutes(1));

        Assert.Equal(0.6, baseline.Features.AnonShare);
    }

    private static DnaFeatures Features(double level) => new(level, 0.01, 0, 0, 0, 0.7, 0.1, 1, 0, 0.9);
}
