using System.Buffers;

namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// Theil-Sen estimator (Theil 1950, Sen 1968): the slope is the median of the slopes between pairs of points,
/// the intercept the median of y - slope * x. Up to 29% of the points can be arbitrarily wrong before the slope
/// moves, where least squares is dragged by a single spike.
/// </summary>
internal static class TheilSen
{
    /// <summary>Pairs needed for <paramref name="count"/> points, capped at <paramref name="maxPairs"/>: the size of the scratch span.</summary>
    public static int PairsFor(int count, int maxPairs) => (int)Math.Min(maxPairs, (long)count * (count - 1) / 2);

    /// <summary>
    /// Median pairwise slope (y per x), or NaN when no pair has distinct x. All n(n-1)/2 pairs while that is at
    /// most <paramref name="maxPairs"/>; above that a deterministic subsample stratified by lag (the distance in
    /// samples between the two points): evenly spaced lags from 1 to n-1, each walked with a stride. Every lag
    /// keeps the share of pairs it has in the full set, so the subsample's median estimates the full median,
    /// and the cost stays O(maxPairs) however long the window.
    /// </summary>
    public static double Slope(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int maxPairs, Span<double> scratch)
    {
        var n = x.Length;
        var count = 0;
        if ((long)n * (n - 1) / 2 <= maxPairs)
        {
            for (var i = 0; i < n - 1; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    AddSlope(x, y, i, j, scratch, ref count);
                }
            }
        }
        else
        {
            // About sqrt(maxPairs) lags; the stride over first points brings lags * (n / 2) / stride to about maxPairs.
            var lags = Math.Clamp((int)Math.Sqrt(maxPairs), 2, n - 1);
            var stride = (int)Math.Max(1, ((long)lags * n / 2 + maxPairs - 1) / maxPairs);
            for (var l = 0; l < lags && count < maxPairs; l++)
            {
                var lag = 1 + (int)((long)l * (n - 2) / (lags - 1));
                for (var i = l % stride; i + lag < n && count < maxPairs; i += stride)
                {
                    AddSlope(x, y, i, i + lag, scratch, ref count);
                }
            }
        }

        return count == 0 ? double.NaN : OrderStatistics.MedianInPlace(scratch[..count]);
    }

    /// <summary>
    /// The robust line through a series: its value at x[0] and its slope (NaN when no pair has distinct x). The one
    /// growth estimator of a process's history, for the leak analysis and the memory DNA alike.
    /// </summary>
    public static (double Intercept, double Slope) Line(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int maxPairs)
    {
        var rented = ArrayPool<double>.Shared.Rent(Math.Max(PairsFor(x.Length, maxPairs), x.Length));
        try
        {
            var slope = Slope(x, y, maxPairs, rented);
            return double.IsNaN(slope) || x.IsEmpty ? (double.NaN, slope) : (Intercept(x, y, slope, x[0], rented), slope);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Median of y - slope * (x - x0): the line's value at x0.</summary>
    public static double Intercept(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double slope, double x0, Span<double> scratch)
    {
        for (var i = 0; i < x.Length; i++)
        {
            scratch[i] = y[i] - (slope * (x[i] - x0));
        }

        return OrderStatistics.MedianInPlace(scratch[..x.Length]);
    }

    private static void AddSlope(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int i, int j, Span<double> scratch, ref int count)
    {
        var dx = x[j] - x[i];
        if (dx > 0)
        {
            scratch[count++] = (y[j] - y[i]) / dx;
        }
    }
}
