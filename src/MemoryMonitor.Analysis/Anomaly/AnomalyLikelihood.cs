using MathNet.Numerics;

namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// Turns a stream of raw anomaly scores into "how unusual is the recent level of surprise for this series", the
/// post-processing that lifts Numenta's HTM detector on NAB. Ported from nupic's
/// <c>nupic/algorithms/anomaly_likelihood.py</c> (<c>AnomalyLikelihood.anomalyProbability</c>,
/// <c>estimateNormal</c>, <c>tailProbability</c>, <c>_filterLikelihoods</c>, <c>computeLogLikelihood</c>;
/// numenta/nupic-legacy, AGPL-3.0; the algorithm is re-implemented here, not copied):
/// <list type="number">
/// <item>average the raw score over the last <c>averagingWindow</c> (10) observations;</item>
/// <item>model those averages as a normal distribution (mean and variance over the last <c>historyLength</c>
/// observations, excluding the first <c>learningPeriod</c> ones, re-estimated every <c>reestimationPeriod</c>),
/// with nupic's floors: mean at least 0.03, variance at least 0.0003, so a series that was never surprising does not
/// call the slightest blip red;</item>
/// <item>the likelihood is 1 − Q(z) of the newest average (upper tail only: nupic mirrors values below the mean, see
/// <see cref="TailProbability"/>);</item>
/// <item>a tail probability at most 1e-5 right after another one is raised to 1e-3 (nupic's red/yellow filter), so
/// one sustained incident reports one red value, not a run of them.</item>
/// </list>
/// Nothing is reported (likelihood 0.5) until <c>learningPeriod + estimationSamples</c> observations have been seen.
/// <para>
/// Difference from nupic, for bounded memory: nupic keeps the last 8,640 raw scores and recomputes the moving average
/// and the normal fit from them every 100 observations. Here the history is kept as per-period sums (count, Σa, Σa²)
/// of the averages a, one slot per <c>reestimationPeriod</c> observations, so the fit is the same (over whole periods)
/// at 24 bytes per 100 observations instead of 8 bytes per observation. nupic's special case for perfectly flat metric
/// values (metric variance below 1.5e-5, an absolute threshold) is not ported: the caller's raw score is already 0 on
/// a flat series, and the mean and variance floors then keep the likelihood neutral.
/// </para>
/// Not thread-safe; no allocation after construction.
/// </summary>
internal sealed class AnomalyLikelihood
{
    // nupic estimateNormal's lower bounds (performLowerBoundCheck).
    private const double MinimumMean = 0.03;
    private const double MinimumVariance = 0.0003;

    // nupic _filterLikelihoods: red = 1 - 0.99999, yellow = 1 - 0.999 (as tail probabilities).
    private const double RedTail = 1e-5;
    private const double YellowTail = 1e-3;

    private readonly int _learningPeriod;
    private readonly int _probationaryPeriod;
    private readonly int _reestimationPeriod;
    private readonly double[] _recent;
    private readonly int[] _blockCount;
    private readonly double[] _blockSum;
    private readonly double[] _blockSumOfSquares;
    private int _recentNext;
    private int _recentCount;
    private double _recentTotal;
    private long _iteration;
    private bool _fitted;
    private double _mean;
    private double _stdev;
    private double _previousTail = 1.0;

    /// <param name="learningPeriod">First observations left out of the fit: the raw scorer is still settling.</param>
    /// <param name="estimationSamples">Observations after the learning period before the first fit.</param>
    /// <param name="historyLength">Observations the fit covers (rounded down to whole re-estimation periods).</param>
    /// <param name="reestimationPeriod">Observations between two fits.</param>
    /// <param name="averagingWindow">Raw scores in the moving average.</param>
    public AnomalyLikelihood(int learningPeriod, int estimationSamples, int historyLength, int reestimationPeriod, int averagingWindow)
    {
        _learningPeriod = learningPeriod;
        _probationaryPeriod = learningPeriod + estimationSamples;
        _reestimationPeriod = reestimationPeriod;
        _recent = new double[averagingWindow];
        var blocks = Math.Max(1, historyLength / reestimationPeriod);
        _blockCount = new int[blocks];
        _blockSum = new double[blocks];
        _blockSumOfSquares = new double[blocks];
    }

    /// <summary>
    /// nupic's <c>computeLogLikelihood</c>: log(1.0000000001 − likelihood) / log(1e-10), mapping 0.5 to 0.03, 0.999 to
    /// 0.3, 0.99999 to 0.5 and 1 to 1, so thresholds read as "how many nines".
    /// </summary>
    public static double LogScale(double likelihood) => Math.Log(1.0000000001 - likelihood) / -23.02585084720009;

    /// <summary>False until learningPeriod + estimationSamples observations: <see cref="Observe"/> returns 0.5 until then.</summary>
    public bool IsReady => _iteration > _probationaryPeriod;

    /// <summary>Scores the newest raw score (in [0, 1]) against the history, then adds it. Returns the likelihood in [0, 1].</summary>
    public double Observe(double rawScore)
    {
        // MovingAverage.compute: the mean of the last averagingWindow scores, fewer at the start.
        if (_recentCount == _recent.Length)
        {
            _recentTotal -= _recent[_recentNext];
        }
        else
        {
            _recentCount++;
        }

        _recent[_recentNext] = rawScore;
        _recentTotal += rawScore;
        _recentNext = (_recentNext + 1) % _recent.Length;
        var average = _recentTotal / _recentCount;

        var likelihood = 0.5;
        if (_iteration >= _probationaryPeriod)
        {
            if (!_fitted || _iteration % _reestimationPeriod == 0)
            {
                Fit();
            }

            var tail = TailProbability(average);
            var filtered = tail <= RedTail && _previousTail <= RedTail ? YellowTail : tail;
            _previousTail = tail;
            likelihood = 1.0 - filtered;
        }

        if (_iteration >= _learningPeriod)
        {
            // A new period overwrites the oldest slot; slots start at zero, so a learning period ending inside one is fine.
            var block = (int)(_iteration / _reestimationPeriod % _blockCount.Length);
            if (_iteration % _reestimationPeriod == 0)
            {
                _blockCount[block] = 0;
                _blockSum[block] = 0;
                _blockSumOfSquares[block] = 0;
            }

            _blockCount[block]++;
            _blockSum[block] += average;
            _blockSumOfSquares[block] += average * average;
        }

        _iteration++;
        return likelihood;
    }

    /// <summary>
    /// As <paramref name="count"/> calls of <see cref="Observe"/> with 0, in at most about two turns of the history
    /// ring whatever the count. Valid only while every raw score so far was 0 (a series that has not moved): then,
    /// once every slot has been written since the learning period, a whole turn (slots × re-estimation period) writes
    /// each slot as it was and every fit gives the same normal, so whole turns are counted without being run.
    /// </summary>
    internal void ObserveZeros(long count)
    {
        var turn = (long)_blockCount.Length * _reestimationPeriod;
        var settled = Math.Max(_learningPeriod + turn + _reestimationPeriod, _probationaryPeriod + 1);
        for (; count > 0 && _iteration < settled; count--)
        {
            Observe(0);
        }

        _iteration += count / turn * turn;
        for (count %= turn; count > 0; count--)
        {
            Observe(0);
        }
    }

    private void Fit()
    {
        long count = 0;
        double sum = 0, sumOfSquares = 0;
        for (var i = 0; i < _blockCount.Length; i++)
        {
            count += _blockCount[i];
            sum += _blockSum[i];
            sumOfSquares += _blockSumOfSquares[i];
        }

        _fitted = true;
        if (count == 0)
        {
            // nullDistribution: so broad that every score is likely.
            _mean = 0.5;
            _stdev = 1e3;
            return;
        }

        var mean = sum / count;
        var variance = Math.Max((sumOfSquares / count) - (mean * mean), 0);
        _mean = Math.Max(mean, MinimumMean);
        _stdev = Math.Sqrt(Math.Max(variance, MinimumVariance));
    }

    /// <summary>
    /// Q((x − mean)/σ), the upper tail only. nupic mirrors values below the mean above it, so an unusually calm spell
    /// is as "anomalous" as an unusually surprising one; a memory agent should not alert on calm, and on the NAB subset
    /// the one-sided tail scores the same.
    /// </summary>
    private double TailProbability(double x)
    {
        var z = (x - _mean) / _stdev;
        return 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));
    }
}
