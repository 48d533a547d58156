using MathNet.Numerics.Statistics;

namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// The dominant period of a series from its autocorrelation function (ACF).
/// </summary>
internal static class DominantPeriod
{
    /// <summary>
    /// Below this the ACF peak is indistinguishable from noise: for n samples of white noise the ACF
    /// has standard error about 1/sqrt(n), 0.09 for 120 samples, so 0.3 is over three standard errors.
    /// </summary>
    internal const double MinimumStrength = 0.3;

    /// <summary>
    /// Harmonics of the true period (2p, 3p, ...) also peak; the biased ACF decays with lag so they
    /// are usually lower, but noise can lift one. The shortest peak within this fraction of the
    /// highest is taken as the fundamental.
    /// </summary>
    private const double FundamentalTolerance = 0.85;

    /// <summary>
    /// Finds the lag, between 2 and half the series (so at least two cycles are seen), of the highest
    /// ACF local maximum after the ACF first drops below zero. Returns (0, 0) when the series is
    /// flat, too short, or the peak is weaker than <see cref="MinimumStrength"/>.
    /// </summary>
    /// <param name="detrended">The series with its linear trend removed, so growth is not mistaken for a long period.</param>
    /// <param name="scale">Typical magnitude of the original series; residuals a billionth of it are rounding, not signal.</param>
    public static (int Period, double Strength) Find(double[] detrended, double scale)
    {
        var maxLag = detrended.Length / 2;
        if (maxLag < 3 || IsFlat(detrended, 1e-9 * Math.Max(Math.Abs(scale), 1)))
        {
            return (0, 0);
        }

        var acf = Correlation.Auto(detrended, maxLag, 0);
        var firstNegative = 1;
        while (firstNegative <= maxLag && acf[firstNegative] >= 0)
        {
            firstNegative++;
        }

        var bestLag = 0;
        var bestValue = double.NegativeInfinity;
        for (var lag = Math.Max(firstNegative, 2); lag < maxLag; lag++)
        {
            if (IsPeak(acf, lag) && acf[lag] > bestValue)
            {
                bestLag = lag;
                bestValue = acf[lag];
            }
        }

        if (bestLag == 0 || !(bestValue >= MinimumStrength))
        {
            return (0, 0);
        }

        for (var lag = Math.Max(firstNegative, 2); lag < bestLag; lag++)
        {
            if (IsPeak(acf, lag) && acf[lag] >= FundamentalTolerance * bestValue)
            {
                return (lag, acf[lag]);
            }
        }

        return (bestLag, bestValue);
    }

    private static bool IsPeak(double[] acf, int lag) => acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];

    private static bool IsFlat(double[] series, double tolerance)
    {
        foreach (var value in series)
        {
            if (Math.Abs(value) > tolerance)
            {
                return false;
            }
        }

        return true;
    }
}
