using MemoryMonitor.Analysis.Dna;

namespace MemoryMonitor.Analysis.Tests.Dna;

public sealed class MemoryDnaTests
{
    [Fact]
    public void Steady_leaking_and_periodic_processes_get_distant_hashes()
    {
        var steady = Compute(SyntheticWindows.Steady(1));
        var leaking = Compute(SyntheticWindows.Leaking(1));
        var periodic = Compute(SyntheticWindows.Periodic(1));

        Assert.True(steady.DistanceTo(leaking) >= 12, $"steady vs leaking: {steady.DistanceTo(leaking)} bits");
        Assert.True(steady.DistanceTo(periodic) >= 12, $"steady vs periodic: {steady.DistanceTo(periodic)} bits");
        Assert.True(leaking.DistanceTo(periodic) >= 12, $"leaking vs periodic: {leaking.DistanceTo(periodic)} bits");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 6)]
    public void Two_noisy_runs_of_the_same_periodic_behaviour_hash_within_a_few_bits(int firstSeed, int secondSeed)
    {
        var first = Compute(SyntheticWindows.Periodic(firstSeed));
        var second = Compute(SyntheticWindows.Periodic(secondSeed));

        Assert.True(first.DistanceTo(second) <= 4, $"{first.DistanceTo(second)} bits apart: {first.Features} vs {second.Features}");
    }

    [Fact]
    public void Same_window_gives_the_same_hash_and_features()
    {
        var first = Compute(SyntheticWindows.Leaking(9));
        var second = Compute(SyntheticWindows.Leaking(9));

        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Features, second.Features);
    }

    [Fact]
    public void Hash_is_pinned_so_stored_fingerprints_stay_comparable_across_releases()
    {
        // A literal window, not a generated one: if this changes, the hash scheme changed and
        // DnaSimHash.Version and docs/memory-dna.md must say so.
        var features = new DnaFeatures(28, 0.02, 0.1, 20, 0.8, 0.75, 0.1, 2.5, 0.1, 0.4);
        var dna = new MemoryDna(features, DnaSimHash.Compute(features));

        Assert.Equal(PinnedHash, dna.HashText);
    }

    [Fact]
    public void Sawtooth_with_period_20_is_detected_as_period_20()
    {
        var features = Compute(SyntheticWindows.Periodic(11, period: 20)).Features;

        Assert.Equal(20, features.Period);
        Assert.True(features.PeriodStrength > 0.5, $"strength {features.PeriodStrength}");
    }

    [Fact]
    public void Steady_and_leaking_processes_have_no_period()
    {
        Assert.Equal(0, Compute(SyntheticWindows.Steady(2)).Features.Period);
        Assert.Equal(0, Compute(SyntheticWindows.Leaking(2)).Features.Period);
    }

    [Fact]
    public void Leak_reads_as_positive_trend_and_ordered_pattern()
    {
        var leaking = Compute(SyntheticWindows.Leaking(3)).Features;
        var steady = Compute(SyntheticWindows.Steady(3)).Features;

        // +200 MiB in 20 minutes is 600 MiB/h against a window mean of about 300 MiB: a trend of about 2 per hour.
        Assert.InRange(leaking.Trend, 1.5, 3.0);
        Assert.InRange(steady.Trend, -0.05, 0.05);
        Assert.True(leaking.Complexity < steady.Complexity);
        Assert.InRange(leaking.Level, 28.0, 29.0);
    }

    [Fact]
    public void Trend_does_not_depend_on_the_clock_origin()
    {
        var window = SyntheticWindows.Leaking(8);
        var epoch = window with { Seconds = [.. window.Seconds.Select(s => s + 1.7e9)] };

        Assert.Equal(Compute(window).Features.Trend, Compute(epoch).Features.Trend, 6);
        Assert.Equal(Compute(window).Hash, Compute(epoch).Hash);
    }

    [Fact]
    public void Unknown_anon_and_file_sizes_leave_anon_share_unknown()
    {
        var window = SyntheticWindows.Steady(4);
        Array.Fill(window.AnonBytes, -1);
        Array.Fill(window.FileBytes, -1);

        var features = Compute(window).Features;

        Assert.Null(features.AnonShare);
        Assert.Equal(0.5, features.ToVector()[5]);
    }

    [Fact]
    public void Vector_components_lie_in_the_unit_interval()
    {
        foreach (var window in new[] { SyntheticWindows.Steady(5), SyntheticWindows.Leaking(5), SyntheticWindows.Periodic(5) })
        {
            Assert.All(Compute(window).Features.ToVector(), value => Assert.InRange(value, 0, 1));
        }
    }

    [Fact]
    public void Too_few_samples_give_no_fingerprint()
    {
        var window = new DnaWindow(new double[7], new double[7], new double[7], new double[7], new double[7], new double[7], new double[7]);

        Assert.Null(MemoryDnaCalculator.Compute(window));
    }

    [Fact]
    public void Arrays_of_different_lengths_are_refused_by_name()
    {
        var window = SyntheticWindows.Steady(6) with { MajorFaults = new double[3] };

        var error = Assert.Throws<ArgumentException>(() => MemoryDnaCalculator.Compute(window));
        Assert.Contains("MajorFaults", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Perfectly_flat_resident_size_does_not_produce_nan()
    {
        var window = SyntheticWindows.Steady(7);
        Array.Fill(window.ResidentBytes, 100.0 * 1024 * 1024);

        var features = Compute(window).Features;

        Assert.Equal(0, features.Variability);
        Assert.Equal(0, features.Period);
        Assert.All(features.ToVector(), value => Assert.False(double.IsNaN(value)));
    }

    private const string PinnedHash = "c33725085af9c076";

    private static MemoryDna Compute(DnaWindow window) =>
        MemoryDnaCalculator.Compute(window) ?? throw new InvalidOperationException("window too short");
}
