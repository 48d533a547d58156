using MemoryMonitor.Analysis.Forest;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// An Isolation Forest over process feature vectors, refitted periodically on today's peers plus a reservoir
/// sample of earlier vectors, so a process is judged both against the other processes and against the recent
/// past of the node. Fitting costs O(trees x subsample log subsample) and happens every few ticks only.
/// </summary>
internal sealed class PeerForest
{
    /// <summary>
    /// Isolation scores cluster near 0.5 for ordinary points; Liu et al. treat scores well above 0.6 as anomalies.
    /// The calibrated score ramps linearly from 0 at 0.6 to 1 at 0.8, so a raw 0.7 lands on the stream
    /// detector's alert level of 0.5.
    /// </summary>
    private const double OrdinaryScore = 0.6;
    private const double AnomalousScore = 0.8;
    private const int ReservoirCapacity = 1024;
    private const int MinimumSamples = 32;

    private readonly Random _random;
    private readonly List<double[]> _reservoir = new(ReservoirCapacity);
    private readonly IsolationForestOptions _options = new() { Trees = 50, SubsampleSize = 256 };
    private long _offered;
    private IsolationForest? _forest;

    public PeerForest(Random random) => _random = random;

    public bool IsFitted => _forest is not null;

    /// <summary>Changes with every fit: a score taken under one generation holds for the same vector until the next.</summary>
    public int Generation { get; private set; }

    /// <summary>Refits on the current vectors plus the reservoir, then offers the current vectors to the reservoir.</summary>
    public void Refit(IReadOnlyList<double[]> current)
    {
        var training = new List<double[]>(current.Count + _reservoir.Count);
        training.AddRange(current);
        training.AddRange(_reservoir);
        if (training.Count >= MinimumSamples)
        {
            _forest = IsolationForest.Fit(training, _options, _random);
            Generation++;
        }

        foreach (var vector in current)
        {
            Offer(vector);
        }
    }

    /// <summary>Calibrated anomaly in [0,1]; 0 before the first fit.</summary>
    public double Score(ReadOnlySpan<double> vector)
    {
        if (_forest is null)
        {
            return 0;
        }

        var raw = _forest.Score(vector);
        return Math.Clamp((raw - OrdinaryScore) / (AnomalousScore - OrdinaryScore), 0, 1);
    }

    /// <summary>Reservoir sampling (Vitter's algorithm R): every vector ever offered has the same chance to be kept.</summary>
    private void Offer(double[] vector)
    {
        _offered++;
        if (_reservoir.Count < ReservoirCapacity)
        {
            _reservoir.Add((double[])vector.Clone());
            return;
        }

        var slot = _random.NextInt64(_offered);
        if (slot < ReservoirCapacity)
        {
            _reservoir[(int)slot] = (double[])vector.Clone();
        }
    }
}
