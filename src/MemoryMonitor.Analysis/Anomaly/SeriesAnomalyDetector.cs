namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// Streaming anomaly detector for one time series, fed one value at a time. Five views of "normal", each measured in
/// the series' own deviations so thresholds adapt to how noisy the series is:
/// <list type="bullet">
/// <item>robust z-score: distance from the sliding window's median in MAD units (1.4826 × MAD estimates σ for normal
/// noise and ignores the spikes it is looking for);</item>
/// <item>EWMA: distance from an exponentially weighted baseline in its exponentially weighted deviation, quick to
/// notice a drift the long window still calls normal;</item>
/// <item>seasonal: when autocorrelation finds a period (GC sawtooth, batch job), distance from the value one period
/// ago in units of the series' usual period-to-period change, and the other views are damped by the period's
/// strength, so regular peaks are learnt rather than flagged while a missing or doubled peak stands out;</item>
/// <item>coarse seasonal: the same over means of blocks of values (<see cref="CoarseSeason"/>), for a period longer than
/// the window can hold (an hourly job at the agent's 64-value window);</item>
/// <item>level shift: the median of the last few values against the window median, for a shift too small per point.</item>
/// </list>
/// The largest deviation d wins and names the reason. d becomes a raw surprise d²/(d² + k²), k =
/// <see cref="AnomalyDetectorOptions.RawScoreScale"/>, and <see cref="AnomalyLikelihood"/> (a port of nupic's anomaly
/// likelihood) judges the recent average of that surprise against the series' own history; the score is its log scale
/// (0.5 ≈ tail probability 1e-5, an alert). Two further rules, both from NAB's reference detectors: a value beyond the
/// range seen so far by more than <see cref="AnomalyDetectorOptions.RangeBreakoutTolerance"/> of it scores 1 (the
/// numenta detector's spatial anomaly), and for <see cref="AnomalyDetectorOptions.AlertRefractoryPeriod"/> observations
/// after an alert other scores are capped at 0.3 (after CAD OSE's rest period), so one incident raises one alert.
/// Optionally (<see cref="AnomalyDetectorOptions.ContextLength"/>, off by default: it did not pass the
/// cross-validation's bar) a context-novelty view, <see cref="ContextNovelty"/> after CAD OSE: the fraction of unseen
/// contexts of quantised recent values, judged by its own likelihood, whose score is maxed with the other's before the
/// two rules. docs/anomaly-detection.md has the design and its NAB score.
/// <para>
/// Cost per observation: O(window) (one memmove and two rank merges over the sorted window) and O(1) for the
/// likelihood, no allocation; every <see cref="AnomalyDetectorOptions.SeasonRecheckInterval"/> observations one direct
/// autocorrelation (window²/2 multiply-adds), every <see cref="AnomalyDetectorOptions.LikelihoodReestimationPeriod"/> a
/// sum over the likelihood's history slots. Memory per instance: two double[WindowLength] (16 bytes per window value),
/// the likelihood's history (24 bytes per re-estimation period covered: about 1.7 KB by default), the coarse seasonal
/// view (8 bytes per block: 888 bytes with its fields) and fields and headers: 14,384 bytes allocated at the default
/// 640-value window, 5,152 at 64 (measured; docs/anomaly-detection.md); the context-novelty view adds 3,112. Not
/// thread-safe: one instance per series, fed by one thread.
/// </para>
/// </summary>
public sealed class SeriesAnomalyDetector
{
    // 1.4826 × MAD is a consistent estimator of σ for normally distributed noise.
    private const double MadToSigma = 1.4826;

    // The median of n normal values has a standard error of about 1.2533 σ / √n.
    private const double MedianStandardErrorFactor = 1.2533;

    // Keeps deviations finite when the scale floor is 0 and the series was perfectly flat.
    private const double MinimumScale = 1e-12;
    private const double MaximumDeviations = 1e4;

    // The log-likelihood score of a red alert (tail probability 1e-5, nupic's red threshold) and the cap applied
    // during the refractory period after one (nupic's yellow, tail 1e-3).
    private const double AlertScore = 0.5;
    private const double RefractoryCap = 0.3;

    [ThreadStatic]
    private static double[]? t_chronological;

    private readonly AnomalyDetectorOptions _options;
    private readonly SlidingWindow _window;
    private readonly AnomalyLikelihood _likelihood;
    private readonly CoarseSeason? _coarse;
    private readonly ContextNovelty? _novelty;
    private readonly AnomalyLikelihood? _noveltyLikelihood;
    private double _ewMean;
    private double _ewVariance;
    private int _sinceSeasonCheck;
    private int _period;
    private double _seasonStrength;
    private double _seasonalScale;
    private double _minimum = double.PositiveInfinity;
    private double _maximum = double.NegativeInfinity;
    private int _sinceAlert = int.MaxValue;

    public SeriesAnomalyDetector(AnomalyDetectorOptions? options = null)
    {
        _options = options ?? new AnomalyDetectorOptions();
        _options.Validate();
        _window = new SlidingWindow(_options.WindowLength);
        _likelihood = NewLikelihood(_options);
        if (_options.CoarseBlockLength > 0)
        {
            _coarse = new CoarseSeason(_options.CoarseWindowLength, _options.CoarseBlockLength, _options.SeasonRecheckInterval, _options.MinSeasonPeriod, _options.MinSeasonCorrelation);
        }

        if (_options.ContextLength > 0)
        {
            _novelty = new ContextNovelty(_options.ContextLength, _options.ContextLevels, _options.ContextTableSize);
            _noveltyLikelihood = NewLikelihood(_options);
        }
    }

    /// <summary>
    /// A detector in the state <paramref name="count"/> observations of <paramref name="value"/> leave it in, built in
    /// at most a few window lengths of work whatever the count (<see cref="WakingDetector"/>'s wake-up). Past the time
    /// its windows are full of the value, a flat series changes nothing of the detector but its counters and the phase
    /// of its periodic season searches: those observations only reach the likelihood (as raw scores of 0) and the
    /// counters, in whole multiples of the searches' period.
    /// </summary>
    internal static SeriesAnomalyDetector AfterFlatRun(AnomalyDetectorOptions options, double value, long count)
    {
        var detector = new SeriesAnomalyDetector(options);
        var phase = FlatPhase(options);
        var settle = options.WarmUpObservations + Math.Max(options.WindowLength, options.CoarseBlockLength * options.CoarseWindowLength) + (2 * phase);
        var replay = count <= settle + phase ? count : settle;
        for (var i = 0L; i < replay; i++)
        {
            detector.Observe(value);
        }

        var skipped = (count - replay) / phase * phase;
        if (skipped > 0)
        {
            detector._likelihood.ObserveZeros(skipped);
            detector.Observations += (int)Math.Min(skipped, int.MaxValue - detector.Observations);
            detector._sinceAlert = detector._sinceAlert == int.MaxValue ? int.MaxValue : (int)Math.Min(detector._sinceAlert + skipped, int.MaxValue - 1);
        }

        for (var i = replay + skipped; i < count; i++)
        {
            detector.Observe(value);
        }

        return detector;
    }

    /// <summary>Observations after which both season searches and the coarse view's blocks are back in the same phase.</summary>
    private static int FlatPhase(AnomalyDetectorOptions options)
    {
        var coarse = options.CoarseBlockLength > 0 ? options.CoarseBlockLength * Math.Max(1, options.SeasonRecheckInterval / options.CoarseBlockLength) : 1;
        var a = options.SeasonRecheckInterval;
        var b = coarse;
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return options.SeasonRecheckInterval / a * coarse;
    }

    private static AnomalyLikelihood NewLikelihood(AnomalyDetectorOptions options) => new(
        options.LikelihoodLearningPeriod,
        options.LikelihoodEstimationSamples,
        options.LikelihoodHistoryLength,
        options.LikelihoodReestimationPeriod,
        options.LikelihoodAveragingWindow);

    /// <summary>Finite values observed so far (non-finite values are skipped, not counted).</summary>
    public int Observations { get; private set; }

    /// <summary>Scores <paramref name="value"/> against what came before it, then learns it.</summary>
    public AnomalyScore Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            return new AnomalyScore(0, AnomalyReason.None, 0);
        }

        Observations++;
        if (_window.Count < _options.WarmUpObservations)
        {
            _likelihood.Observe(0);
            _noveltyLikelihood?.Observe(0);
            _novelty?.Observe(value, _minimum, _maximum);
            BreaksOutOfRange(value);
            Learn(value, warmingUp: true);
            CountSinceAlert(0);
            return new AnomalyScore(0, AnomalyReason.WarmingUp, 0);
        }

        var median = _window.Median();
        var floor = Math.Max(_options.RelativeScaleFloor * Math.Abs(median), MinimumScale);
        var scale = Math.Max(RobustScale(median), floor);
        // A period found by either seasonal view damps the others: its regular swings are learnt, not news.
        var unseasonal = 1.0 - Math.Max(_seasonStrength, _coarse?.Strength ?? 0);

        var deviations = unseasonal * Math.Abs(value - median) / scale;
        var reason = AnomalyReason.RobustZScore;

        // In units no smaller than the window's own noise: a short quiet stretch must not make the next ordinary value
        // look extreme.
        var ewma = unseasonal * Math.Abs(value - _ewMean) / Math.Max(Math.Sqrt(_ewVariance), scale);
        if (ewma > deviations)
        {
            deviations = ewma;
            reason = AnomalyReason.EwmaDeviation;
        }

        if (_period > 0)
        {
            // Unlike both one and two periods ago: a spike does not echo as a second anomaly one period later.
            var change = Math.Abs(value - _window.Lag(_period));
            if (2 * _period <= _window.Count)
            {
                change = Math.Min(change, Math.Abs(value - _window.Lag(2 * _period)));
            }

            var seasonal = change / Math.Max(_seasonalScale, floor);
            if (seasonal > deviations)
            {
                deviations = seasonal;
                reason = AnomalyReason.SeasonalDeviation;
            }
        }

        // Not damped: it is the seasonal judgement, over a span longer than the window.
        if (_coarse is not null && _coarse.Deviation > deviations)
        {
            deviations = _coarse.Deviation;
            reason = AnomalyReason.SeasonalDeviation;
        }

        var shift = unseasonal * LevelShiftDeviations(value, median, scale);
        if (shift > deviations)
        {
            deviations = shift;
            reason = AnomalyReason.LevelShift;
        }

        deviations = Math.Min(deviations, MaximumDeviations);
        // Before the range learns the value: quantised by the range seen so far.
        var novelty = _novelty?.Observe(value, _minimum, _maximum) ?? 0;
        Learn(value, warmingUp: false);

        // Raw surprise in [0, 1): 0.5 at RawScoreScale deviations. The likelihood then asks whether the recent average
        // of it is unusual for this series, so a noisy series' usual surprise is not an alert.
        var ratio = deviations / _options.RawScoreScale;
        var squared = ratio * ratio;
        var likelihood = _likelihood.Observe(squared / (squared + 1));
        var score = _likelihood.IsReady ? AnomalyLikelihood.LogScale(likelihood) : 0.0;
        if (_noveltyLikelihood is not null)
        {
            // Its own likelihood: novelty is a fraction, not a deviation, and a noisy series is always partly novel, so
            // it is judged against its own history (mixed into the raw surprise it cross-validated lower; see the docs).
            var noveltyLikelihood = _noveltyLikelihood.Observe(novelty);
            if (_noveltyLikelihood.IsReady)
            {
                score = Math.Max(score, AnomalyLikelihood.LogScale(noveltyLikelihood));
            }
        }

        if (BreaksOutOfRange(value))
        {
            score = 1.0;
        }
        else if (_sinceAlert < _options.AlertRefractoryPeriod)
        {
            score = Math.Min(score, RefractoryCap);
        }

        CountSinceAlert(score);
        return new AnomalyScore(score, reason, deviations);
    }

    /// <summary>
    /// σ estimate of the window: 1.4826 × MAD, or the 90th percentile of |x - median| / 1.645 when larger. The second
    /// matters for quantised series (CPU percent in steps, page counts) where over half the values are equal, MAD is 0
    /// and every other value would look infinitely far; it still ignores the top 10% where the spikes are.
    /// </summary>
    private double RobustScale(double median)
    {
        var count = _window.Count;
        var mad = _window.AbsoluteDeviationAtRank(median, (count - 1) / 2);
        var upper = _window.AbsoluteDeviationAtRank(median, (int)(0.9 * (count - 1)));
        return Math.Max(MadToSigma * mad, upper / 1.645);
    }

    /// <summary>
    /// NAB's numenta detector's "spatial anomaly" (nab/detectors/numenta/numenta_detector.py, SPATIAL_TOLERANCE): true
    /// when the value lies beyond the range seen so far by more than <see cref="AnomalyDetectorOptions.RangeBreakoutTolerance"/>
    /// of that range. A new high of a memory series by 5% of everything it has ranged over is news even when the recent
    /// window is too noisy to call it. Then learns the value into the range.
    /// </summary>
    private bool BreaksOutOfRange(double value)
    {
        var tolerance = _options.RangeBreakoutTolerance * (_maximum - _minimum);
        var breaks = _options.RangeBreakoutTolerance > 0 && _maximum > _minimum &&
            (value > _maximum + tolerance || value < _minimum - tolerance);
        _minimum = Math.Min(_minimum, value);
        _maximum = Math.Max(_maximum, value);
        return breaks;
    }

    /// <summary>
    /// Refractory period after an alert (score at least nupic's red, 0.5), after CAD OSE's rest period: the first
    /// detection of an incident is the news, repeats within the period are capped at nupic's yellow (0.3). A range
    /// breakout is never capped: a new extreme is news each time.
    /// </summary>
    private void CountSinceAlert(double score)
    {
        _sinceAlert = score >= AlertScore ? 0 : _sinceAlert == int.MaxValue ? int.MaxValue : _sinceAlert + 1;
    }

    private double LevelShiftDeviations(double value, double median, double scale)
    {
        var length = _options.LevelShiftLength;
        Span<double> recent = stackalloc double[length];
        recent[0] = value;
        for (var lag = 1; lag < length; lag++)
        {
            recent[lag] = _window.Lag(lag);
        }

        recent.Sort();
        var half = length / 2;
        var recentMedian = length % 2 == 1 ? recent[half] : 0.5 * (recent[half - 1] + recent[half]);
        return Math.Abs(recentMedian - median) / (scale * MedianStandardErrorFactor / Math.Sqrt(length));
    }

    private void Learn(double value, bool warmingUp)
    {
        if (Observations == 1)
        {
            _ewMean = value;
        }
        else
        {
            var difference = value - _ewMean;
            if (!warmingUp)
            {
                var limit = _options.EwmaClipDeviations * Math.Sqrt(_ewVariance);
                difference = Math.Clamp(difference, -limit, limit);
            }

            var alpha = _options.EwmaAlpha;
            _ewMean += alpha * difference;
            _ewVariance = (1 - alpha) * (_ewVariance + (alpha * difference * difference));
        }

        _window.Add(value);
        _coarse?.Add(value, Math.Max(_options.RelativeScaleFloor * Math.Abs(_ewMean), MinimumScale));
        if (++_sinceSeasonCheck >= _options.SeasonRecheckInterval && _window.Count >= 4 * _options.MinSeasonPeriod)
        {
            _sinceSeasonCheck = 0;
            FindSeason();
        }
    }

    private void FindSeason()
    {
        var count = _window.Count;
        var values = t_chronological;
        if (values is null || values.Length < count)
        {
            // One scratch per thread, grown to the longest window seen: every detector of the thread shares it.
            values = new double[_window.Capacity];
            t_chronological = values;
        }

        _window.CopyChronological(values);
        (_period, _seasonStrength) = SeasonalPeriod.Find(values.AsSpan(0, count), _options.MinSeasonPeriod, _options.MinSeasonCorrelation);
        if (_period == 0)
        {
            _seasonalScale = 0;
            return;
        }

        // The usual period-to-period change: MAD-style scale of x[t] - x[t - period] over the window, computed in
        // place in the scratch (sorted, so the median is a lookup).
        var differences = values.AsSpan(0, count - _period);
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = Math.Abs(values[i + _period] - values[i]);
        }

        differences.Sort();
        var half = differences.Length / 2;
        var medianChange = differences.Length % 2 == 1 ? differences[half] : 0.5 * (differences[half - 1] + differences[half]);
        // As in RobustScale: the 90th percentile keeps quantised series (median change 0) from a zero scale.
        var upperChange = differences[(int)(0.9 * (differences.Length - 1))];
        _seasonalScale = Math.Max(MadToSigma * medianChange, upperChange / 1.645);
    }
}
