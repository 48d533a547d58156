using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Analysis.Tests.Anomaly;

/// <summary>
/// A waking detector must score exactly as a detector fed from the start: during the flat run, on the value that wakes
/// it, and for every value after, whatever the flat run's length (short, within the windows, past the likelihood's
/// history, many turns of it) and whatever comes next.
/// </summary>
public sealed class WakingDetectorTests
{
    public static TheoryData<long, string> Runs()
    {
        var data = new TheoryData<long, string>();
        long[] lengths = [1, 2, 31, 32, 33, 64, 300, 301, 333, 900, 1_000, 1_017, 8_700, 9_100, 20_000, 70_001];
        foreach (var length in lengths)
        {
            foreach (var pattern in new[] { "leak", "spike", "noise", "step-down", "sawtooth" })
            {
                data.Add(length, pattern);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Scores_equal_a_detector_fed_from_the_start(long flatLength, string pattern)
    {
        var options = new AnomalyDetectorOptions { WindowLength = 64 };
        var reference = new SeriesAnomalyDetector(options);
        var waking = new WakingDetector(new FlatSeries(options));
        const double Flat = 25_000 * 4096.0;
        for (var i = 0L; i < flatLength; i++)
        {
            Assert.Equal(reference.Observe(Flat), waking.Observe(Flat));
        }

        Assert.False(waking.IsAwake);
        var random = new Random(3);
        for (var t = 0; t < 1_500; t++)
        {
            var value = Flat + pattern switch
            {
                "leak" => t * 8192.0,
                "spike" => t == 40 ? 50e6 : 4096 * random.Next(3),
                "noise" => 4096 * Math.Round(random.NextDouble() * 100),
                "step-down" => t < 200 ? -20e6 : -20e6 + (4096 * random.Next(2)),
                _ => 4096 * (t % 37) * 50.0,
            };
            var expected = reference.Observe(value);
            var actual = waking.Observe(value);
            Assert.True(expected == actual, $"after {flatLength} flat values, {pattern} value {t}: expected {expected}, got {actual}");
        }

        Assert.True(waking.IsAwake);
    }

    [Fact]
    public void A_flat_series_scores_the_same_whatever_its_level()
    {
        var options = new AnomalyDetectorOptions { WindowLength = 64 };
        var flat = new FlatSeries(options);
        var reference = new SeriesAnomalyDetector(options);
        for (var i = 1; i <= 2_000; i++)
        {
            Assert.Equal(reference.Observe(987_654_321), flat.ScoreAt(i));
        }
    }

    [Fact]
    public void The_context_novelty_view_is_refused_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlatSeries(new AnomalyDetectorOptions { ContextLength = 3 }));
        Assert.Contains("context-novelty", error.Message, StringComparison.Ordinal);
    }
}
