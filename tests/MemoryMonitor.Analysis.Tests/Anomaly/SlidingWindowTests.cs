using MathNet.Numerics.Statistics;
using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Analysis.Tests.Anomaly;

public sealed class SlidingWindowTests
{
    [Fact]
    public void Median_and_median_absolute_deviation_match_a_full_sort_as_the_window_slides()
    {
        var random = new Random(9);
        var window = new SlidingWindow(33);
        var kept = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            // Repeated values too: quantised series are common.
            var value = Math.Round(random.NextDouble() * 20) / 2;
            window.Add(value);
            kept.Add(value);
            if (kept.Count > 33)
            {
                kept.RemoveAt(0);
            }

            var median = kept.Median();
            Assert.Equal(median, window.Median(), 12);
            var deviations = kept.Select(x => Math.Abs(x - median)).OrderBy(x => x).ToArray();
            Assert.Equal(deviations[(kept.Count - 1) / 2], window.AbsoluteDeviationAtRank(median, (kept.Count - 1) / 2), 12);
            Assert.Equal(deviations[^1], window.AbsoluteDeviationAtRank(median, kept.Count - 1), 12);
            Assert.Equal(kept[^1], window.Lag(1));
            Assert.Equal(kept[0], window.Lag(kept.Count));
        }
    }

    [Fact]
    public void Seasonal_period_is_found_for_a_sine_and_not_for_a_trend()
    {
        var sine = Enumerable.Range(0, 512).Select(t => Math.Sin(2 * Math.PI * t / 37)).ToArray();
        var trend = Enumerable.Range(0, 512).Select(t => t * 0.5).ToArray();

        Assert.Equal(37, SeasonalPeriod.Find(sine, 4, 0.6).Period);
        Assert.Equal(0, SeasonalPeriod.Find(trend, 4, 0.6).Period);
    }
}
