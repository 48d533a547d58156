using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Analysis.Tests.Anomaly;

public sealed class ContextNoveltyTests
{
    [Fact]
    public void Novel_sequence_scores_and_stops_scoring_once_repeated()
    {
        var novelty = new ContextNovelty(length: 3, levels: 8, tableSize: 256);
        double[] ramp = [0, 1, 2, 3, 4, 5, 6, 7];

        var first = Walk(novelty, ramp);
        Walk(novelty, ramp);
        var third = Walk(novelty, ramp);

        // A zigzag over the same range: every value is ordinary, the sequence is new.
        double[] zigzag = [0, 7, 0, 7, 0, 7, 0, 7];
        var zigzagFirst = Walk(novelty, zigzag);
        Walk(novelty, zigzag);
        var zigzagAgain = Walk(novelty, zigzag);

        Assert.True(first > 0.5, $"first ramp novelty {first}");
        Assert.Equal(0, third);
        // Within its first walk the zigzag already repeats itself (period 2), so only its first contexts are new.
        Assert.True(zigzagFirst > 0.2, $"first zigzag novelty {zigzagFirst}");
        Assert.Equal(0, zigzagAgain);
    }

    [Fact]
    public void Bounded_table_forgets_the_least_recent_context()
    {
        // Four keys in two sets of two: a long run of other contexts evicts the first ones, which are novel again.
        var novelty = new ContextNovelty(length: 1, levels: 64, tableSize: 4);
        double[] pattern = [0, 10];
        Walk(novelty, pattern, 64);
        Walk(novelty, pattern, 64);
        Assert.Equal(0, Walk(novelty, pattern, 64));

        double[] others = [20, 30, 40, 50, 60, 21, 31, 41, 51, 61, 22, 32, 42, 52, 62];
        Walk(novelty, others, 64);

        Assert.True(Walk(novelty, pattern, 64) > 0, "an evicted context should score as novel");
    }

    [Fact]
    public void Detector_with_the_context_view_alerts_on_a_new_shape_inside_the_usual_range()
    {
        // Ramps up and down in random order: no period, every value between 0 and 9. Then a zigzag between the
        // extremes: no value is unusual and the median of the last few is ordinary, only the sequence is new.
        var random = new Random(5);
        var (withContext, without) = (Detector(3), Detector(0));
        for (var ramp = 0; ramp < 150; ramp++)
        {
            var up = random.Next(2) == 0;
            for (var i = 0; i < 10; i++)
            {
                var value = up ? i : 9 - i;
                withContext.Observe(value);
                without.Observe(value);
            }
        }

        double zigzag = 0, zigzagWithout = 0;
        for (var i = 0; i < 12; i++)
        {
            var value = i % 2 == 0 ? 0.0 : 9.0;
            zigzag = Math.Max(zigzag, withContext.Observe(value).Score);
            zigzagWithout = Math.Max(zigzagWithout, without.Observe(value).Score);
        }

        Assert.True(zigzag >= 0.5, $"zigzag scored {zigzag} with the context view");
        Assert.True(zigzagWithout < 0.5, $"zigzag scored {zigzagWithout} without it");

        static SeriesAnomalyDetector Detector(int contextLength) =>
            new(new AnomalyDetectorOptions { WindowLength = 64, ContextLength = contextLength });
    }

    [Fact]
    public void Context_view_is_off_by_default_and_invalid_sizes_are_refused()
    {
        Assert.Equal(0, new AnomalyDetectorOptions().ContextLength);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesAnomalyDetector(new AnomalyDetectorOptions { ContextLength = 3, ContextTableSize = 100 }));
        Assert.Equal(nameof(AnomalyDetectorOptions.ContextTableSize), error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesAnomalyDetector(new AnomalyDetectorOptions { ContextLength = 4, ContextLevels = 64 }));
        Assert.Equal(nameof(AnomalyDetectorOptions.ContextLength), error.ParamName);
    }

    /// <summary>Feeds the values over the fixed range [0, maximum) and returns their mean novelty.</summary>
    private static double Walk(ContextNovelty novelty, double[] values, double maximum = 8)
    {
        var total = 0.0;
        foreach (var value in values)
        {
            total += novelty.Observe(value, 0, maximum);
        }

        return total / values.Length;
    }
}
