using MathNet.Numerics.Statistics;

namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// Finds the dominant period of a window by autocorrelation (MathNet's FFT-based <see cref="Correlation.Auto(double[], int, int)"/>).
/// A period is the lag of the highest autocorrelation peak after the function first goes negative: a trend or a
/// random walk keeps the autocorrelation positive at every lag and so yields no period, which is what we want, since
/// predicting from "one period ago" would then be predicting from an arbitrary lag.
/// </summary>
internal static class SeasonalPeriod
{
    /// <summary>Returns (period, autocorrelation at it), or (0, 0) when no lag reaches <paramref name="minCorrelation"/>.</summary>
    /// <param name="values">Oldest first; at least 2 × <paramref name="minPeriod"/> values.</param>
    public static (int Period, double Strength) Find(double[] values, int minPeriod, double minCorrelation)
    {
        var n = values.Length;
        // At least two full periods in the window, or a "period" is one coincidence.
        var maxPeriod = n / 2;
        if (maxPeriod <= minPeriod || !HasSpread(values))
        {
            return (0, 0);
        }

        var acf = Correlation.Auto(values, maxPeriod, 0);
        var crossedZero = false;
        var best = 0;
        var bestStrength = 0.0;
        for (var lag = 1; lag < maxPeriod; lag++)
        {
            // The FFT estimate divides every lag by the full-length variance, shrinking lag k by (n - k)/n; undo it so
            // a period near half the window is judged like a short one.
            var r = acf[lag] * n / (n - lag);
            crossedZero |= r < 0;
            if (!crossedZero || lag < minPeriod)
            {
                continue;
            }

            var before = acf[lag - 1] * n / (n - lag + 1);
            var after = acf[lag + 1] * n / (n - lag - 1);
            // Prefer the shortest of nearly equal peaks: multiples of the true period correlate almost as well.
            if (r >= before && r >= after && r >= minCorrelation && r > bestStrength * 1.1)
            {
                best = lag;
                bestStrength = r;
            }
        }

        return (best, Math.Min(bestStrength, 1.0));
    }

    private static bool HasSpread(double[] values)
    {
        var first = values[0];
        foreach (var value in values)
        {
            if (value != first)
            {
                return true;
            }
        }

        return false;
    }
}
