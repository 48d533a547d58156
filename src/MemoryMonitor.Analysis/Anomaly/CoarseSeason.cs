namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// A seasonal view over a longer span than the sliding window holds: the means of consecutive blocks of
/// <see cref="AnomalyDetectorOptions.CoarseBlockLength"/> values in a ring of
/// <see cref="AnomalyDetectorOptions.CoarseWindowLength"/> blocks (96 × 8 = 768 observations in 768 bytes), searched
/// for a period by the same autocorrelation as the window. The agent's 64-value window can hold a period of at most
/// 32 samples (8 minutes at 15 s); an hourly job is 240. When a block completes, its mean is compared with the block
/// one period ago (or two, when nearer: no echo of an incident one period later) in units of the usual period-to-period
/// change of block means, and that deviation is held until the
/// next block completes (a detection up to two blocks late, for a pattern a single value cannot show: a missing peak,
/// a flat day).
/// </summary>
internal sealed class CoarseSeason
{
    private const double MadToSigma = 1.4826;

    [ThreadStatic]
    private static double[]? t_scratch;

    private readonly double[] _blocks;
    private readonly int _blockLength;
    private readonly int _recheckBlocks;
    private readonly int _minPeriod;
    private readonly double _minCorrelation;
    private int _count;
    private int _next;
    private double _sum;
    private int _inBlock;
    private int _sinceCheck;
    private int _period;
    private double _scale;

    public CoarseSeason(int blocks, int blockLength, int recheckInterval, int minPeriod, double minCorrelation)
    {
        _blocks = new double[blocks];
        _blockLength = blockLength;
        _recheckBlocks = Math.Max(1, recheckInterval / blockLength);
        _minPeriod = minPeriod;
        _minCorrelation = minCorrelation;
    }

    /// <summary>Autocorrelation at the period found (0 without one).</summary>
    public double Strength { get; private set; }

    /// <summary>The last completed block's distance from the block one period before, in its usual changes; 0 without a period.</summary>
    public double Deviation { get; private set; }

    /// <summary>Adds a value; <paramref name="floor"/> is the smallest deviation unit (the detector's relative floor).</summary>
    public void Add(double value, double floor)
    {
        _sum += value;
        if (++_inBlock < _blockLength)
        {
            return;
        }

        var mean = _sum / _blockLength;
        _sum = 0;
        _inBlock = 0;
        Deviation = _period > 0 && _period <= _count ? Distance(mean) / Math.Max(_scale, floor) : 0;
        _blocks[_next] = mean;
        _next = (_next + 1) % _blocks.Length;
        _count = Math.Min(_count + 1, _blocks.Length);
        if (++_sinceCheck >= _recheckBlocks && _count >= 4 * _minPeriod)
        {
            _sinceCheck = 0;
            FindSeason();
        }
    }

    /// <summary>
    /// Distance from the block one period ago, or from the one two periods ago when nearer: a block is unusual only if it
    /// is unlike both, so an incident does not echo as a second anomaly one period after it.
    /// </summary>
    private double Distance(double mean)
    {
        var distance = Math.Abs(mean - Ago(_period));
        return 2 * _period <= _count ? Math.Min(distance, Math.Abs(mean - Ago(2 * _period))) : distance;
    }

    /// <summary>The block mean <paramref name="lag"/> blocks before the next one to be stored (1 = the newest).</summary>
    private double Ago(int lag)
    {
        var at = _next - lag;
        return _blocks[at < 0 ? at + _blocks.Length : at];
    }

    private void FindSeason()
    {
        var values = t_scratch;
        if (values is null || values.Length < _count)
        {
            values = new double[_blocks.Length];
            t_scratch = values;
        }

        for (var i = 0; i < _count; i++)
        {
            values[i] = Ago(_count - i);
        }

        (_period, var strength) = SeasonalPeriod.Find(values.AsSpan(0, _count), _minPeriod, _minCorrelation);
        Strength = strength;
        if (_period == 0)
        {
            Deviation = 0;
            return;
        }

        // As the window's seasonal scale: MAD-style scale of period-to-period changes, the 90th percentile for
        // quantised series.
        var differences = values.AsSpan(0, _count - _period);
        for (var i = 0; i < differences.Length; i++)
        {
            differences[i] = Math.Abs(values[i + _period] - values[i]);
        }

        differences.Sort();
        var half = differences.Length / 2;
        var median = differences.Length % 2 == 1 ? differences[half] : 0.5 * (differences[half - 1] + differences[half]);
        _scale = Math.Max(MadToSigma * median, differences[(int)(0.9 * (differences.Length - 1))] / 1.645);
    }
}
