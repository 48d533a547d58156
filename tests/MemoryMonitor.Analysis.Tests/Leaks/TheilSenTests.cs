using MemoryMonitor.Analysis.Leaks;

namespace MemoryMonitor.Analysis.Tests.Leaks;

public sealed class TheilSenTests
{
    [Fact]
    public void Slope_of_a_line_with_30_percent_outliers_is_exact()
    {
        var (x, y) = LineWithOutliers(samples: 100, outlierShare: 0.3, seed: 7);
        var scratch = new double[TheilSen.PairsFor(x.Length, 100_000)];

        var slope = TheilSen.Slope(x, y, 100_000, scratch);

        Assert.Equal(3.0, slope, 9);
        Assert.Equal(5.0, TheilSen.Intercept(x, y, slope, 0, new double[x.Length]), 9);

        // Least squares on the same points is dragged far off: the outliers are what this estimator is for.
        Assert.True(Math.Abs(LeastSquaresSlope(x, y) - 3.0) > 100);
    }

    [Fact]
    public void Subsampled_slope_of_a_long_line_with_30_percent_outliers_is_exact()
    {
        var (x, y) = LineWithOutliers(samples: 5000, outlierShare: 0.3, seed: 11);
        var pairs = TheilSen.PairsFor(x.Length, 4096);

        var slope = TheilSen.Slope(x, y, 4096, new double[pairs]);

        Assert.Equal(4096, pairs);
        Assert.Equal(3.0, slope, 9);
    }

    [Fact]
    public void Slope_of_noisy_line_is_close_to_the_true_slope_with_and_without_subsampling()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 600).Select(i => i * 0.5).ToArray();
        var y = x.Select(v => (2.5 * v) + (random.NextDouble() * 40)).ToArray();

        var full = TheilSen.Slope(x, y, 1_000_000, new double[TheilSen.PairsFor(x.Length, 1_000_000)]);
        var sampled = TheilSen.Slope(x, y, 2048, new double[2048]);

        Assert.InRange(full, 2.4, 2.6);
        Assert.InRange(sampled, full - 0.05, full + 0.05);
    }

    [Fact]
    public void Pairs_with_equal_times_are_skipped_and_no_distinct_times_give_no_slope()
    {
        double[] x = [1, 1, 2, 2, 3];
        double[] y = [10, 99, 12, 0, 14];
        Assert.Equal(2.0, TheilSen.Slope([1, 2, 3], [10, 12, 14], 100, new double[3]), 12);
        Assert.False(double.IsNaN(TheilSen.Slope(x, y, 100, new double[10])));
        Assert.True(double.IsNaN(TheilSen.Slope([5, 5, 5], [1, 2, 3], 100, new double[3])));
    }

    private static (double[] X, double[] Y) LineWithOutliers(int samples, double outlierShare, int seed)
    {
        var random = new Random(seed);
        var x = new double[samples];
        var y = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            x[i] = i;
            y[i] = (3 * i) + 5;
        }

        // Spikes of different sizes on a random 30% of the points, all upward as a burst allocation would be.
        foreach (var i in Enumerable.Range(0, samples).OrderBy(_ => random.Next()).Take((int)(samples * outlierShare)))
        {
            y[i] += 1e6 * (1 + random.NextDouble());
        }

        return (x, y);
    }

    private static double LeastSquaresSlope(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
    }
}
