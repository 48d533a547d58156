namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// Tells noise, a smooth wave and a sawtooth apart from the residuals around the trend line.
/// </summary>
internal static class OscillationShape
{
    /// <summary>Lag-1 autocorrelation: near 0 for sampling noise, near 1 for a shape that moves slowly relative to the sampling.</summary>
    public static double Lag1Autocorrelation(ReadOnlySpan<double> residuals)
    {
        double mean = 0;
        foreach (var r in residuals)
        {
            mean += r;
        }

        mean /= residuals.Length;
        double lagged = 0, total = 0;
        for (var i = 0; i < residuals.Length; i++)
        {
            var d = residuals[i] - mean;
            total += d * d;
            if (i > 0)
            {
                lagged += d * (residuals[i - 1] - mean);
            }
        }

        return total > 0 ? lagged / total : 0;
    }

    /// <summary>Crossings of the trend line, counted with hysteresis so noise near the line does not count.</summary>
    public static int Crossings(ReadOnlySpan<double> residuals, double hysteresis)
    {
        var side = 0;
        var crossings = 0;
        foreach (var r in residuals)
        {
            var now = r > hysteresis ? 1 : r < -hysteresis ? -1 : side;
            if (side != 0 && now != side)
            {
                crossings++;
            }

            side = now;
        }

        return crossings;
    }

    /// <summary>
    /// Share of all downward movement made by the steepest tenth of the steps. A garbage collector frees in one
    /// step what took a cycle to build, so nearly all of the fall is in a few steps (share near 1); a sine falls
    /// as gradually as it rises (share about 0.3).
    /// </summary>
    public static double SharpDropShare(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var drops = 0;
        double fall = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var d = values[i - 1] - values[i];
            if (d > 0)
            {
                scratch[drops++] = d;
                fall += d;
            }
        }

        if (drops == 0 || fall <= 0)
        {
            return 0;
        }

        var steepest = Math.Max(1, (values.Length - 1) / 10);
        if (steepest >= drops)
        {
            return 1;
        }

        // The steepest `steepest` drops are those at or above the (drops - steepest)-th smallest.
        var threshold = OrderStatistics.SelectInPlace(scratch[..drops], drops - steepest);
        double sharp = 0;
        var taken = 0;
        foreach (var d in scratch[..drops])
        {
            if (d > threshold && taken < steepest)
            {
                sharp += d;
                taken++;
            }
        }

        sharp += (steepest - taken) * threshold;
        return sharp / fall;
    }
}
