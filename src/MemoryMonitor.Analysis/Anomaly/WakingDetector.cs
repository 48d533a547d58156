namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// A <see cref="SeriesAnomalyDetector"/> that holds no state until its series first moves: most processes on a node
/// (idle daemons, sleepers, pause containers) keep the same resident size for hours, and a detector of a flat series
/// only ever says what every flat series says. Until the first different value it keeps the value and a count, and
/// scores from <see cref="FlatSeries"/>; at that value it builds the detector that the flat run would have left
/// (<see cref="SeriesAnomalyDetector.AfterFlatRun"/>) and scores it, so every score is the one a detector fed from the
/// start gives (tests/…/WakingDetectorTests). Costs 48 bytes while flat instead of the detector's 5 KB at the agent's
/// 64-value window, and a few window lengths of work once, on waking.
/// </summary>
public sealed class WakingDetector(FlatSeries flat)
{
    private SeriesAnomalyDetector? _detector;
    private double _value;
    private long _count;

    /// <summary>True once the series has moved and the detector holds state.</summary>
    public bool IsAwake => _detector is not null;

    /// <summary>Scores <paramref name="value"/> as <see cref="SeriesAnomalyDetector.Observe"/> does.</summary>
    public AnomalyScore Observe(double value)
    {
        if (_detector is null)
        {
            if (!double.IsFinite(value))
            {
                return new AnomalyScore(0, AnomalyReason.None, 0);
            }

            if (_count == 0 || value == _value)
            {
                _value = value;
                return flat.ScoreAt(++_count);
            }

            _detector = SeriesAnomalyDetector.AfterFlatRun(flat.Options, _value, _count);
        }

        return _detector.Observe(value);
    }
}

/// <summary>
/// What a series that has not moved scores at each observation, one table for every <see cref="WakingDetector"/> of
/// the same options: the scores a real detector gives a constant (they do not depend on the constant: every deviation
/// of a flat series is 0), until they stop changing.
/// </summary>
public sealed class FlatSeries
{
    private readonly AnomalyScore[] _scores;

    public FlatSeries(AnomalyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ContextLength > 0)
        {
            // The context-novelty view counts contexts as they repeat: a flat run is not a fixed point of it.
            throw new ArgumentException("a waking detector needs the context-novelty view off (ContextLength 0)", nameof(options));
        }

        Options = options;
        // The likelihood's first fit comes after its learning and estimation samples; from the next observation on, a
        // flat series' score is constant. Two re-estimations more make sure of it.
        var length = options.WarmUpObservations + options.LikelihoodLearningPeriod + options.LikelihoodEstimationSamples + (2 * options.LikelihoodReestimationPeriod);
        var detector = new SeriesAnomalyDetector(options);
        _scores = new AnomalyScore[length];
        for (var i = 0; i < length; i++)
        {
            _scores[i] = detector.Observe(0);
        }
    }

    public AnomalyDetectorOptions Options { get; }

    /// <summary>The score of the <paramref name="observation"/>-th value (from 1) of a series that has not moved.</summary>
    public AnomalyScore ScoreAt(long observation) => _scores[(int)Math.Min(observation, _scores.Length) - 1];
}
