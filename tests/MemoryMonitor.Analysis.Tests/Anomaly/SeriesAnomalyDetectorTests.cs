using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Analysis.Tests.Anomaly;

public sealed class SeriesAnomalyDetectorTests
{
    private const int Period = 50;

    [Fact]
    public void Spike_in_a_steady_noisy_series_scores_high_and_its_neighbours_low()
    {
        var random = new Random(7);
        var detector = new SeriesAnomalyDetector();
        for (var i = 0; i < 400; i++)
        {
            detector.Observe(100 + Gaussian(random));
        }

        var before = detector.Observe(100 + Gaussian(random));
        var spike = detector.Observe(130);
        var after = detector.Observe(100 + Gaussian(random));

        Assert.True(spike.Score > 0.9, $"spike scored {spike}");
        Assert.True(spike.Deviations > 20, $"spike deviations {spike.Deviations}");
        Assert.True(before.Score < 0.2, $"point before the spike scored {before}");
        // The likelihood averages the last 10 raw scores, so the spike still lifts its neighbour; the refractory period
        // keeps that below an alert (0.5).
        Assert.True(after.Score <= 0.3, $"point after the spike scored {after}");
    }

    [Fact]
    public void Regular_peaks_of_a_sine_are_learnt_after_a_few_periods()
    {
        var detector = new SeriesAnomalyDetector();
        var random = new Random(11);
        for (var t = 0; t < 12 * Period; t++)
        {
            detector.Observe(Sine(t) + (0.1 * Gaussian(random)));
        }

        var worst = 0.0;
        for (var t = 12 * Period; t < 14 * Period; t++)
        {
            worst = Math.Max(worst, detector.Observe(Sine(t) + (0.1 * Gaussian(random))).Score);
        }

        Assert.True(worst < 0.3, $"a regular period scored up to {worst}");
    }

    [Fact]
    public void Missing_peak_of_a_sine_scores_high_through_the_seasonal_detector()
    {
        var (detector, random) = LearntSine();
        var peak = PeakAfter(12 * Period);
        AnomalyScore missing = default;
        for (var t = 12 * Period; t <= peak; t++)
        {
            // The peak never comes: the series stays at its mean where a +10 crest is due.
            var value = Math.Abs(t - peak) <= 2 ? 0.0 : Sine(t);
            var score = detector.Observe(value + (0.1 * Gaussian(random)));
            if (score.Score > missing.Score)
            {
                missing = score;
            }
        }

        Assert.True(missing.Score >= 0.5, $"missing peak scored {missing}");
        Assert.Equal(AnomalyReason.SeasonalDeviation, missing.Reason);
    }

    [Fact]
    public void Doubled_peak_of_a_sine_scores_high()
    {
        var (detector, random) = LearntSine();
        var peak = PeakAfter(12 * Period);
        var doubled = 0.0;
        for (var t = 12 * Period; t <= peak; t++)
        {
            var value = Math.Abs(t - peak) <= 2 ? 2 * Sine(t) : Sine(t);
            doubled = Math.Max(doubled, detector.Observe(value + (0.1 * Gaussian(random))).Score);
        }

        Assert.True(doubled > 0.8, $"doubled peak scored {doubled}");
    }

    [Fact]
    public void Gc_sawtooth_is_learnt_and_a_skipped_collection_stands_out()
    {
        var detector = new SeriesAnomalyDetector();
        var random = new Random(5);
        // Heap grows 2 MB per sample and a collection drops it back every 50 samples.
        double Sawtooth(int t) => 100 + (2 * (t % Period)) + (0.2 * Gaussian(random));
        for (var t = 0; t < 12 * Period; t++)
        {
            detector.Observe(Sawtooth(t));
        }

        var regular = 0.0;
        for (var t = 12 * Period; t < 14 * Period; t++)
        {
            regular = Math.Max(regular, detector.Observe(Sawtooth(t)).Score);
        }

        // The collection due at t = 14 * Period is skipped: the heap keeps growing instead of dropping to 100.
        var skipped = detector.Observe(100 + (2 * Period) + (0.2 * Gaussian(random)));

        Assert.True(regular < 0.3, $"regular collections scored up to {regular}");
        Assert.True(skipped.Score >= 0.5, $"skipped collection scored {skipped}");
    }

    [Fact]
    public void Level_shift_scores_high_at_the_shift_and_decays_after()
    {
        var random = new Random(3);
        var detector = new SeriesAnomalyDetector();
        for (var i = 0; i < 400; i++)
        {
            detector.Observe(50 + Gaussian(random));
        }

        var atShift = detector.Observe(70 + Gaussian(random));
        var scores = new double[300];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = detector.Observe(70 + Gaussian(random)).Score;
        }

        Assert.True(atShift.Score > 0.8, $"shift scored {atShift}");
        var late = scores.AsSpan(250).ToArray().Max();
        Assert.True(late < 0.2, $"300 samples after the shift the new level still scores {late}");
    }

    [Fact]
    public void Constant_series_scores_zero_without_nan_and_a_later_change_is_finite()
    {
        var detector = new SeriesAnomalyDetector();
        for (var i = 0; i < 1000; i++)
        {
            var score = detector.Observe(42.0);
            Assert.InRange(score.Score, 0.0, 0.01);
            Assert.False(double.IsNaN(score.Deviations));
        }

        // One surprising value lifts the 10-value average of the raw score only so far; the step holding for a second
        // value makes it an alert.
        var change = detector.Observe(43.0);
        var held = detector.Observe(43.0);
        Assert.True(double.IsFinite(change.Deviations));
        Assert.True(Math.Max(change.Score, held.Score) >= 0.5, $"a step off a perfectly flat line scored {change}, then {held}");

        var zeros = new SeriesAnomalyDetector();
        for (var i = 0; i < 600; i++)
        {
            Assert.InRange(zeros.Observe(0.0).Score, 0.0, 0.01);
        }
    }

    [Fact]
    public void Second_incident_within_the_refractory_period_is_capped_and_a_later_one_alerts_again()
    {
        var random = new Random(19);
        // Range breakout off, so only the likelihood and the refractory period decide.
        var detector = new SeriesAnomalyDetector(new AnomalyDetectorOptions { RangeBreakoutTolerance = 0, AlertRefractoryPeriod = 50 });
        for (var i = 0; i < 1000; i++)
        {
            detector.Observe(100 + Gaussian(random));
        }

        double Incident()
        {
            var worst = 0.0;
            for (var i = 0; i < 3; i++)
            {
                worst = Math.Max(worst, detector.Observe(140).Score);
            }

            return worst;
        }

        double Quiet(int samples)
        {
            var worst = 0.0;
            for (var i = 0; i < samples; i++)
            {
                worst = Math.Max(worst, detector.Observe(100 + Gaussian(random)).Score);
            }

            return worst;
        }

        var first = Incident();
        Quiet(20);
        var repeat = Incident();
        Quiet(200);
        var later = Incident();

        Assert.True(first >= 0.5, $"first incident scored {first}");
        Assert.True(repeat <= 0.3, $"repeat 20 samples later scored {repeat}");
        Assert.True(later >= 0.5, $"incident 200 samples later scored {later}");
    }

    [Fact]
    public void Value_beyond_the_range_seen_so_far_scores_one()
    {
        var random = new Random(23);
        var detector = new SeriesAnomalyDetector();
        for (var i = 0; i < 100; i++)
        {
            detector.Observe(100 + (10 * random.NextDouble()));
        }

        // Range [100, 110): 5% of it is 0.5, so 111 breaks out and 110.2 does not.
        Assert.Equal(1.0, detector.Observe(111).Score);
        Assert.True(detector.Observe(110.2).Score < 1.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Steady_state_observation_allocates_nothing(int contextLength)
    {
        var random = new Random(29);
        // The agent's window; a season search every 16 observations so the autocorrelation runs many times.
        var detector = new SeriesAnomalyDetector(new AnomalyDetectorOptions { WindowLength = 64, SeasonRecheckInterval = 16, ContextLength = contextLength });
        for (var t = 0; t < 2000; t++)
        {
            detector.Observe(Sine(t) + Gaussian(random));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 2000; t < 12_000; t++)
        {
            detector.Observe(Sine(t) + Gaussian(random));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Scores_stay_in_zero_to_one_for_wild_input()
    {
        var random = new Random(2024);
        var detector = new SeriesAnomalyDetector(new AnomalyDetectorOptions { WindowLength = 64, WarmUpObservations = 8, SeasonRecheckInterval = 16 });
        for (var i = 0; i < 5000; i++)
        {
            var value = (i % 7) switch
            {
                0 => random.NextDouble() * 1e300,
                1 => -random.NextDouble() * 1e12,
                2 => 0.0,
                3 => i % 100,
                _ => Gaussian(random),
            };
            var score = detector.Observe(value);
            Assert.InRange(score.Score, 0.0, 1.0);
            Assert.True(double.IsFinite(score.Deviations) && score.Deviations >= 0, $"deviations {score.Deviations} at {i}");
        }
    }

    [Fact]
    public void Warm_up_scores_zero_and_says_so()
    {
        var detector = new SeriesAnomalyDetector(new AnomalyDetectorOptions { WarmUpObservations = 10 });
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(new AnomalyScore(0, AnomalyReason.WarmingUp, 0), detector.Observe(i * 1000.0));
        }

        Assert.NotEqual(AnomalyReason.WarmingUp, detector.Observe(5.0).Reason);
        Assert.Equal(11, detector.Observations);
    }

    [Fact]
    public void Non_finite_values_are_skipped_not_learnt()
    {
        var detector = new SeriesAnomalyDetector();
        Assert.Equal(new AnomalyScore(0, AnomalyReason.None, 0), detector.Observe(double.NaN));
        Assert.Equal(AnomalyReason.None, detector.Observe(double.PositiveInfinity).Reason);
        Assert.Equal(0, detector.Observations);
    }

    [Fact]
    public void Period_longer_than_the_agents_window_is_learnt_and_a_missing_crest_stands_out()
    {
        // An hourly job at the agent's 15 s interval: a 240-sample period, beyond the 32 a 64-value window can search.
        const int LongPeriod = 240;
        double Hourly(int t) => 10 * Math.Sin(2 * Math.PI * t / LongPeriod);
        var (withCoarse, withoutCoarse) = (Agent(8), Agent(0));
        var random = new Random(3);
        for (var t = 0; t < 8 * LongPeriod; t++)
        {
            var value = Hourly(t) + (0.1 * Gaussian(random));
            withCoarse.Observe(value);
            withoutCoarse.Observe(value);
        }

        var regular = 0.0;
        for (var t = 8 * LongPeriod; t < 10 * LongPeriod; t++)
        {
            var value = Hourly(t) + (0.1 * Gaussian(random));
            regular = Math.Max(regular, withCoarse.Observe(value).Score);
            withoutCoarse.Observe(value);
        }

        // The next crest never comes: the series stays flat at its mean for the 80 samples around it.
        AnomalyScore missing = default, missingWithout = default;
        for (var t = 10 * LongPeriod; t < 10 * LongPeriod + 100; t++)
        {
            var value = (t % LongPeriod) is >= 20 and < 100 ? 0.1 * Gaussian(random) : Hourly(t) + (0.1 * Gaussian(random));
            var score = withCoarse.Observe(value);
            missing = score.Score > missing.Score ? score : missing;
            var without = withoutCoarse.Observe(value);
            missingWithout = without.Score > missingWithout.Score ? without : missingWithout;
        }

        Assert.True(regular < 0.3, $"regular hourly crests scored up to {regular}");
        Assert.True(missing.Score >= 0.5, $"missing crest scored {missing}");
        Assert.Equal(AnomalyReason.SeasonalDeviation, missing.Reason);
        Assert.True(missingWithout.Score < 0.5, $"without the coarse view the missing crest scored {missingWithout}");

        static SeriesAnomalyDetector Agent(int blockLength) =>
            new(new AnomalyDetectorOptions { WindowLength = 64, CoarseBlockLength = blockLength });
    }

    [Fact]
    public void Invalid_option_names_the_setting_and_the_valid_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesAnomalyDetector(new AnomalyDetectorOptions { WindowLength = 10 }));
        Assert.Equal(nameof(AnomalyDetectorOptions.WindowLength), error.ParamName);
        Assert.Contains("32 to 4096", error.Message);
    }

    private static (SeriesAnomalyDetector Detector, Random Random) LearntSine()
    {
        var detector = new SeriesAnomalyDetector();
        var random = new Random(11);
        for (var t = 0; t < 12 * Period; t++)
        {
            detector.Observe(Sine(t) + (0.1 * Gaussian(random)));
        }

        return (detector, random);
    }

    private static double Sine(int t) => 10 * Math.Sin(2 * Math.PI * t / Period);

    // Crest of the sine: t ≡ Period / 4 (mod Period).
    private static int PeakAfter(int t) => t + ((Period / 4) - (t % Period) + Period) % Period;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
