namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// The last N values twice: in arrival order (a ring, for lags and the autocorrelation) and sorted (for the median
/// and MAD without sorting per observation). Adding is a binary search and one memmove in the sorted copy: O(N) at
/// worst, no allocation. Memory: 2 arrays of N doubles.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private int _next;

    public SlidingWindow(int capacity)
    {
        _ring = new double[capacity];
        _sorted = new double[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _ring.Length;

    public bool IsFull => Count == _ring.Length;

    /// <summary>Adds a finite value, dropping the oldest when full.</summary>
    public void Add(double value)
    {
        if (IsFull)
        {
            var oldest = _ring[_next];
            var at = Array.BinarySearch(_sorted, 0, Count, oldest);
            Array.Copy(_sorted, at + 1, _sorted, at, Count - at - 1);
            Count--;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        var insertAt = Array.BinarySearch(_sorted, 0, Count, value);
        if (insertAt < 0)
        {
            insertAt = ~insertAt;
        }

        Array.Copy(_sorted, insertAt, _sorted, insertAt + 1, Count - insertAt);
        _sorted[insertAt] = value;
        Count++;
    }

    /// <summary>The value <paramref name="lag"/> observations ago: 1 is the newest. Requires 1 ≤ lag ≤ Count.</summary>
    public double Lag(int lag)
    {
        var at = _next - lag;
        return _ring[at < 0 ? at + _ring.Length : at];
    }

    public double Median()
    {
        var half = Count / 2;
        return Count % 2 == 1 ? _sorted[half] : 0.5 * (_sorted[half - 1] + _sorted[half]);
    }

    /// <summary>
    /// The value at <paramref name="rank"/> (0-based) among |x - median|, in O(rank) without a buffer: below the median
    /// the absolute deviations grow leftwards, above it rightwards, so the two halves of the sorted array are two
    /// sorted lists to merge up to that rank.
    /// </summary>
    public double AbsoluteDeviationAtRank(double median, int rank)
    {
        var lower = (Count / 2) - 1;
        var upper = Count / 2;
        double current = 0;
        for (var i = 0; i <= rank; i++)
        {
            var left = lower >= 0 ? median - _sorted[lower] : double.PositiveInfinity;
            var right = upper < Count ? _sorted[upper] - median : double.PositiveInfinity;
            if (left <= right)
            {
                current = left;
                lower--;
            }
            else
            {
                current = right;
                upper++;
            }
        }

        return current;
    }

    /// <summary>Copies the values oldest first into <paramref name="into"/>, which must hold Count values.</summary>
    public void CopyChronological(Span<double> into)
    {
        var start = IsFull ? _next : 0;
        for (var i = 0; i < Count; i++)
        {
            var at = start + i;
            into[i] = _ring[at >= _ring.Length ? at - _ring.Length : at];
        }
    }
}
