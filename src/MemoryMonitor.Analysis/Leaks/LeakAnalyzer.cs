using System.Buffers;

namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// Judges a window of (time, bytes) samples of one process, or of the system, for a memory leak. Pure and
/// allocation-free apart from pooled scratch, so the agent can call it per process per tick on a bounded history.
/// See docs/leak-detection.md for the design and the measured figures.
/// </summary>
public static class LeakAnalyzer
{
    /// <summary>Scale from the median absolute deviation to a standard deviation for normal data.</summary>
    private const double MadToSigma = 1.4826;

    /// <summary>A segment low or high must rise by this share of the level to count: one 4 KiB page in 4 MiB.</summary>
    private const double MinimumRelativeRise = 0.001;

    /// <summary>
    /// A segment low or high must also rise by this share of the residual spread (0.37 x amplitude for a sawtooth):
    /// the trough a sampler catches in a GC cycle drifts by up to amplitude / samples-per-cycle, and three such
    /// rises in a row cannot add up past the whole drift when a cycle holds 10 samples or more.
    /// </summary>
    private const double RiseOverSpread = 0.1;

    /// <summary>
    /// Assesses a window. <paramref name="seconds"/> must not decrease; any origin will do (uptime, Unix time).
    /// <paramref name="headroomBytes"/> is how much more the process or system can take before the binding limit
    /// (see <see cref="ExhaustionForecast"/>); null when unknown.
    /// </summary>
    public static LeakAssessment Assess(ReadOnlySpan<double> seconds, ReadOnlySpan<double> residentBytes, double? headroomBytes, LeakAnalyzerOptions? options = null)
    {
        if (seconds.Length != residentBytes.Length)
        {
            throw new ArgumentException($"{nameof(seconds)} has {seconds.Length} samples but {nameof(residentBytes)} has {residentBytes.Length}.", nameof(residentBytes));
        }

        options ??= LeakAnalyzerOptions.Default;
        options.Validate();
        var n = seconds.Length;
        if (n < options.MinimumSamples || !(seconds[n - 1] > seconds[0]) || !AllFinite(seconds) || !AllFinite(residentBytes))
        {
            return LeakAssessment.Insufficient;
        }

        if (IsFlat(seconds, residentBytes))
        {
            // What the full assessment gives a window whose every sample is the same (an idle process, page for page),
            // without its sorts: every pairwise slope is 0, so the residuals and both spreads are 0, there is no growth
            // and no step, and the pattern is steady. Most processes on a node are idle; this is most of their cost.
            return residentBytes[0] > 0 ? new LeakAssessment(0, 0, null, LeakPattern.Steady) : LeakAssessment.Insufficient;
        }

        return AssessInFull(seconds, residentBytes, headroomBytes, options);
    }

    /// <summary>The assessment without the flat window's shortcut (the tests hold the two equal); arguments already checked.</summary>
    internal static LeakAssessment AssessInFull(ReadOnlySpan<double> seconds, ReadOnlySpan<double> residentBytes, double? headroomBytes, LeakAnalyzerOptions options)
    {
        var n = seconds.Length;
        var pairs = TheilSen.PairsFor(n, options.MaxPairs);
        var rented = ArrayPool<double>.Shared.Rent(Math.Max(pairs, n) + (2 * n));
        try
        {
            var scratch = rented.AsSpan(0, Math.Max(pairs, n));
            var residuals = rented.AsSpan(scratch.Length, n);
            var work = rented.AsSpan(scratch.Length + n, n);
            return Assess(seconds, residentBytes, headroomBytes, options, scratch, residuals, work);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static LeakAssessment Assess(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> y,
        double? headroomBytes,
        LeakAnalyzerOptions options,
        Span<double> scratch,
        Span<double> residuals,
        Span<double> work)
    {
        var n = x.Length;
        var span = x[n - 1] - x[0];

        y.CopyTo(work);
        var level = OrderStatistics.MedianInPlace(work);
        if (!(level > 0))
        {
            return LeakAssessment.Insufficient;
        }

        var slope = TheilSen.Slope(x, y, options.MaxPairs, scratch);
        if (double.IsNaN(slope))
        {
            return LeakAssessment.Insufficient;
        }

        var intercept = TheilSen.Intercept(x, y, slope, x[0], work);
        for (var i = 0; i < n; i++)
        {
            residuals[i] = y[i] - (intercept + (slope * (x[i] - x[0])));
        }

        // Residual check: robust spread around the line, and around the level (what a flat line would leave).
        var residualSpread = MadToSigma * MedianAbsolute(residuals, 0, work);
        var levelSpread = MadToSigma * MedianAbsolute(y, level, work);

        // 1. How much the trend grows over the window relative to the level: unit-free, independent of the time scale.
        var growth = slope * span;
        var growthScore = SmoothStep(growth / level, options.RelativeGrowthLow, options.RelativeGrowthHigh);

        // 2. Does a line explain it? Growth against the residual spread, and the share of the spread the line removes.
        var significance = growth / (residualSpread + (level * 1e-9));
        var explained = levelSpread > 0 ? 1 - Math.Pow(residualSpread / levelSpread, 2) : 0;
        var lineFit = SmoothStep(significance, 2, 6) * SmoothStep(explained, 0.5, 0.9);

        // 3. Ratchet test: lows rise segment after segment (every leak), highs too (a leak under a sawtooth).
        var tolerance = Math.Max(level * MinimumRelativeRise, RiseOverSpread * residualSpread);
        var (lowRises, highRises) = SegmentRises.Count(y, options.Segments, tolerance);
        var lows = Math.Pow((double)lowRises / (options.Segments - 1), 2);
        var highs = Math.Pow((double)highRises / (options.Segments - 1), 2);
        var consistency = lows * Math.Max(lineFit, highs);

        // 4. Step: growth that one jump explains better than a line is an allocation, not a leak. Each level must hold
        // a segment's worth of samples: a first sample read while the process was still starting (or a spike in the
        // last one) is one point off the line, not a level, and least squares would otherwise call it a step for as
        // long as it stays in the window. A jump nearer the edge than that leaves the segment lows level: no ratchet.
        var (stepShare, jump) = StepFit.Evaluate(x, y, level, n / options.Segments);

        // 5. Duration covered, in samples: from 0 below the minimum to 1 at full confidence. The rising half of a GC
        // cycle is a perfect leak while the window is shorter than the cycle, so young windows must not flag. A
        // smoothstep, not a line: it damps the first third of the ramp (the first cycle of a slow sawtooth) harder and
        // is past 0.8 at 130 of 170 samples, so a steady leak is flagged with room for lost ticks, sweeps slower than
        // the interval and an engine that reassesses only every few ticks (docs/leak-detection.md, "Duration covered").
        var coverage = SmoothStep(n, options.MinimumSamples - 1, options.FullConfidenceSamples);

        var evidence = growth > 0 ? growthScore * consistency * (1 - stepShare) : 0;
        var risk = Math.Clamp(evidence * coverage, 0, 1);

        double? exhaustion = headroomBytes is { } headroom && slope > 0 ? Math.Max(0, headroom) / slope : null;
        var pattern = Classify(y, evidence, lineFit, stepShare, jump, level, residuals, residualSpread, scratch);
        return new LeakAssessment(risk, slope, exhaustion, pattern);
    }

    private static LeakPattern Classify(
        ReadOnlySpan<double> y,
        double evidence,
        double lineFit,
        double stepShare,
        double jump,
        double level,
        ReadOnlySpan<double> residuals,
        double residualSpread,
        Span<double> scratch)
    {
        if (evidence >= 0.5)
        {
            return lineFit >= 0.5 ? LeakPattern.Growing : LeakPattern.RatchetingSawtooth;
        }

        // A jump of at least 2% of the level that explains most of what the line could not.
        if (stepShare >= 0.6 && Math.Abs(jump) >= 0.02 * level)
        {
            return LeakPattern.Step;
        }

        // Variation under 1% of the level, or barely correlated from sample to sample, is noise (a sawtooth of N
        // samples per cycle still has a lag-1 autocorrelation of about 1 - 6 / N).
        if (residualSpread < 0.01 * level || OscillationShape.Lag1Autocorrelation(residuals) < 0.3)
        {
            return LeakPattern.Steady;
        }

        // Two full cycles cross the line four times.
        if (OscillationShape.Crossings(residuals, residualSpread / 2) < 4)
        {
            return LeakPattern.Irregular;
        }

        return OscillationShape.SharpDropShare(y, scratch) >= 0.6 ? LeakPattern.Sawtooth : LeakPattern.Periodic;
    }

    /// <summary>Median of |value - centre|; <paramref name="work"/> is overwritten.</summary>
    private static double MedianAbsolute(ReadOnlySpan<double> values, double centre, Span<double> work)
    {
        for (var i = 0; i < values.Length; i++)
        {
            work[i] = Math.Abs(values[i] - centre);
        }

        return OrderStatistics.MedianInPlace(work[..values.Length]);
    }

    /// <summary>0 below <paramref name="low"/>, 1 above <paramref name="high"/>, a smooth cubic between.</summary>
    private static double SmoothStep(double value, double low, double high)
    {
        var t = Math.Clamp((value - low) / (high - low), 0, 1);
        return t * t * (3 - (2 * t));
    }

    /// <summary>
    /// Every sample equal, at strictly increasing times (so every pair of points has a slope, and the slope is 0).
    /// </summary>
    private static bool IsFlat(ReadOnlySpan<double> seconds, ReadOnlySpan<double> residentBytes)
    {
        var first = residentBytes[0];
        for (var i = 1; i < residentBytes.Length; i++)
        {
            if (residentBytes[i] != first || !(seconds[i] > seconds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
