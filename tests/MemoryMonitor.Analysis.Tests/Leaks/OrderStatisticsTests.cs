using MemoryMonitor.Analysis.Leaks;

namespace MemoryMonitor.Analysis.Tests.Leaks;

public sealed class OrderStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1001)]
    public void Median_matches_sorting_including_many_duplicates(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(0, 5)).ToArray();
        var sorted = values.Order().ToArray();
        var expected = count % 2 == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2;

        Assert.Equal(expected, OrderStatistics.MedianInPlace(values));
    }

    [Fact]
    public void Select_returns_every_order_statistic_of_distinct_values()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var sorted = values.Order().ToArray();
        for (var k = 0; k < values.Length; k += 13)
        {
            Assert.Equal(sorted[k], OrderStatistics.SelectInPlace(values.ToArray(), k));
        }
    }

    [Fact]
    public void Median_of_a_million_equal_values_finishes()
    {
        // A flat process gives nothing but zero slopes; a two-way partition would be quadratic here.
        var values = new double[1_000_000];

        Assert.Equal(0, OrderStatistics.MedianInPlace(values));
    }
}
