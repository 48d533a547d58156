namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// Is the growth one jump? Compares the best two-level fit (flat, one change point, flat) with the least-squares
/// line. A leak is better described by the line, a one-off allocation by the two levels.
/// </summary>
internal static class StepFit
{
    /// <summary>
    /// Step share in 0..1: the part of the line's squared error that the two-level fit removes, and the size of
    /// the best jump. O(n) with prefix sums. Both fits are least squares, so the comparison is like with like.
    /// Each level holds at least <paramref name="minimumSide"/> samples: least squares would otherwise "explain" a
    /// single outlying sample at either end of the window as a level of its own.
    /// </summary>
    public static (double Share, double Jump) Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double level, int minimumSide)
    {
        var n = y.Length;

        // Least-squares line, centred on the means so large second or byte values keep their precision.
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        var lineError = sxx > 0 ? syy - (sxy * sxy / sxx) : syy;

        // Two levels split after index c: error = total - between-group sum of squares, maximised over c.
        double prefix = 0;
        double bestBetween = 0;
        double bestJump = 0;
        for (var c = 1; c < n; c++)
        {
            prefix += y[c - 1] - meanY;
            if (c < minimumSide || n - c < minimumSide)
            {
                continue;
            }

            var left = prefix / c;
            var right = -prefix / (n - c);
            var between = (c * left * left) + ((n - c) * right * right);
            if (between > bestBetween)
            {
                bestBetween = between;
                bestJump = right - left;
            }
        }

        var stepError = syy - bestBetween;

        // A line that already fits to within a part in a million of the level is no step, whatever the ratio says.
        var floor = n * Math.Pow(level * 1e-6, 2);
        if (lineError <= floor)
        {
            return (0, bestJump);
        }

        return (Math.Clamp((lineError - stepError) / lineError, 0, 1), bestJump);
    }
}
