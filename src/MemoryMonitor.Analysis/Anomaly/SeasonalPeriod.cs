namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// Finds the dominant period of a window by autocorrelation, computed directly over the candidate lags (1 to half the
/// window): O(n²/2) multiply-adds per search but no allocation, where MathNet's FFT-based <c>Correlation.Auto</c>
/// allocated its complex buffers at every search. At the agent's 64-value window that is about 2,000 multiply-adds per
/// search; at the default 640, about 200,000, once every <see cref="AnomalyDetectorOptions.SeasonRecheckInterval"/>
/// observations.
/// A period is the lag of the highest autocorrelation peak after the function first goes negative: a trend or a
/// random walk keeps the autocorrelation positive at every lag and so yields no period, which is what we want, since
/// predicting from "one period ago" would then be predicting from an arbitrary lag.
/// </summary>
internal static class SeasonalPeriod
{
    /// <summary>Returns (period, autocorrelation at it), or (0, 0) when no lag reaches <paramref name="minCorrelation"/>.</summary>
    /// <param name="values">Oldest first; at least 2 × <paramref name="minPeriod"/> values.</param>
    public static (int Period, double Strength) Find(ReadOnlySpan<double> values, int minPeriod, double minCorrelation)
    {
        var n = values.Length;
        // At least two full periods in the window, or a "period" is one coincidence.
        var maxPeriod = n / 2;
        if (maxPeriod <= minPeriod)
        {
            return (0, 0);
        }

        var mean = 0.0;
        foreach (var value in values)
        {
            mean += value;
        }

        mean /= n;
        var variance = 0.0;
        foreach (var value in values)
        {
            variance += (value - mean) * (value - mean);
        }

        if (variance <= 0)
        {
            return (0, 0);
        }

        var crossedZero = false;
        var best = 0;
        var bestStrength = 0.0;
        var before = 1.0;
        var r = Autocorrelation(values, mean, variance, 1);
        for (var lag = 1; lag < maxPeriod; lag++)
        {
            var after = Autocorrelation(values, mean, variance, lag + 1);
            crossedZero |= r < 0;
            // Prefer the shortest of nearly equal peaks: multiples of the true period correlate almost as well.
            if (crossedZero && lag >= minPeriod && r >= before && r >= after && r >= minCorrelation && r > bestStrength * 1.1)
            {
                best = lag;
                bestStrength = r;
            }

            before = r;
            r = after;
        }

        return (best, Math.Min(bestStrength, 1.0));
    }

    /// <summary>
    /// Sample autocorrelation at <paramref name="lag"/>: the mean lagged product over the n − lag pairs divided by the
    /// variance over all n values (the FFT estimate divides by n instead of n − lag, shrinking long lags; this does not,
    /// so a period near half the window is judged like a short one).
    /// </summary>
    private static double Autocorrelation(ReadOnlySpan<double> values, double mean, double variance, int lag)
    {
        var n = values.Length;
        var sum = 0.0;
        for (var t = 0; t + lag < n; t++)
        {
            sum += (values[t] - mean) * (values[t + lag] - mean);
        }

        return sum / (n - lag) / (variance / n);
    }
}
