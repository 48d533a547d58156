using MemoryMonitor.Analysis.Dna;

namespace MemoryMonitor.Analysis.Tests.Dna;

public sealed class DnaDriftTests
{
    [Fact]
    public void Same_behaviour_drifts_almost_nothing()
    {
        var baseline = Features(SyntheticWindows.Steady(1));
        var current = Features(SyntheticWindows.Steady(2));

        Assert.InRange(DnaDrift.Between(baseline, current), 0, 0.1);
        Assert.Equal(0, DnaDrift.Between(baseline, baseline));
    }

    [Fact]
    public void Steady_baseline_against_a_leak_drifts_past_one_half()
    {
        var drift = DnaDrift.Between(Features(SyntheticWindows.Steady(1)), Features(SyntheticWindows.Leaking(1)));

        Assert.True(drift > 0.5, $"drift {drift}");
        Assert.True(drift <= 1);
    }

    [Fact]
    public void Drift_is_symmetric()
    {
        var steady = Features(SyntheticWindows.Steady(3));
        var periodic = Features(SyntheticWindows.Periodic(3));

        Assert.Equal(DnaDrift.Between(steady, periodic), DnaDrift.Between(periodic, steady), 12);
    }

    private static DnaFeatures Features(DnaWindow window) =>
        MemoryDnaCalculator.Compute(window)?.Features ?? throw new InvalidOperationException("window too short");
}
