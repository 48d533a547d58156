using MemoryMonitor.Analysis.Leaks;

namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// Computes a process's <see cref="MemoryDna"/> from a window of samples. Pure: the same window gives
/// the same features and hash on every machine.
/// </summary>
public static class MemoryDnaCalculator
{
    /// <summary>
    /// Fewest samples that give a fingerprint: fewer leave the regression, autocorrelation and
    /// ordinal-pattern counts too noisy to compare.
    /// </summary>
    public const int MinimumSamples = 8;

    private const double SecondsPerHour = 3600;

    /// <summary>
    /// The fingerprint of <paramref name="window"/>, or null when it has fewer than
    /// <see cref="MinimumSamples"/> samples or no positive resident size.
    /// </summary>
    public static MemoryDna? Compute(DnaWindow window)
    {
        var features = ComputeFeatures(window);
        return features is null ? null : new MemoryDna(features, DnaSimHash.Compute(features));
    }

    /// <summary>The features alone, or null as for <see cref="Compute"/>.</summary>
    internal static DnaFeatures? ComputeFeatures(DnaWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Validate(window);
        var count = window.Count;
        if (count < MinimumSamples)
        {
            return null;
        }

        var seconds = window.Seconds;
        var resident = window.ResidentBytes;
        var mean = Mean(resident);
        if (!(mean > 0))
        {
            return null;
        }

        var variance = 0.0;
        foreach (var value in resident)
        {
            variance += (value - mean) * (value - mean);
        }

        var variability = Math.Sqrt(variance / count) / mean;
        var duration = seconds[^1] - seconds[0];

        // Against time, not sample index, so a missed sweep does not bend the slope; the same robust line as the
        // leak analysis's growth, so a report's trend and growth for one process never disagree.
        double trend = 0;
        var detrended = new double[count];
        var (intercept, slope) = duration > 0 ? TheilSen.Line(seconds, resident, LeakAnalyzerOptions.Default.MaxPairs) : (double.NaN, double.NaN);
        if (!double.IsNaN(slope))
        {
            trend = slope * SecondsPerHour / mean;
            for (var i = 0; i < count; i++)
            {
                detrended[i] = resident[i] - (intercept + (slope * (seconds[i] - seconds[0])));
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                detrended[i] = resident[i] - mean;
            }
        }

        var (period, strength) = DominantPeriod.Find(detrended, mean);

        return new DnaFeatures(
            Level: Math.Log2(mean),
            Variability: variability,
            Trend: trend,
            Period: period,
            PeriodStrength: strength,
            AnonShare: AnonShare(window),
            ResidentToVirtual: ResidentToVirtual(resident, window.VirtualBytes, mean),
            MinorFaultRate: Math.Log10(1 + CounterRate(window.MinorFaults, duration)),
            MajorFaultRate: Math.Log10(1 + CounterRate(window.MajorFaults, duration)),
            Complexity: PermutationEntropy.OrderThree(resident));
    }

    private static void Validate(DnaWindow window)
    {
        var count = window.Seconds?.Length ?? throw new ArgumentException("DnaWindow.Seconds is null.", nameof(window));
        Check(window.ResidentBytes, nameof(DnaWindow.ResidentBytes));
        Check(window.AnonBytes, nameof(DnaWindow.AnonBytes));
        Check(window.FileBytes, nameof(DnaWindow.FileBytes));
        Check(window.VirtualBytes, nameof(DnaWindow.VirtualBytes));
        Check(window.MinorFaults, nameof(DnaWindow.MinorFaults));
        Check(window.MajorFaults, nameof(DnaWindow.MajorFaults));

        void Check(double[] values, string name)
        {
            if (values is null || values.Length != count)
            {
                throw new ArgumentException($"DnaWindow.{name} has {values?.Length.ToString() ?? "no"} samples; Seconds has {count}. All arrays must be the same length.", nameof(window));
            }
        }
    }

    /// <summary>
    /// RssAnon / VmRSS averaged over samples where it is known. Where only RssFile is known, anon is
    /// taken as the rest; that counts RssShmem as anonymous, which is close enough for a fingerprint.
    /// </summary>
    private static double? AnonShare(DnaWindow window)
    {
        var sum = 0.0;
        var known = 0;
        for (var i = 0; i < window.Count; i++)
        {
            var resident = window.ResidentBytes[i];
            if (!(resident > 0))
            {
                continue;
            }

            if (window.AnonBytes[i] >= 0)
            {
                sum += Math.Clamp(window.AnonBytes[i] / resident, 0, 1);
                known++;
            }
            else if (window.FileBytes[i] >= 0)
            {
                sum += Math.Clamp(1 - (window.FileBytes[i] / resident), 0, 1);
                known++;
            }
        }

        return known == 0 ? null : sum / known;
    }

    private static double? ResidentToVirtual(double[] resident, double[] virtualBytes, double meanResident)
    {
        var sum = 0.0;
        var known = 0;
        for (var i = 0; i < virtualBytes.Length; i++)
        {
            if (virtualBytes[i] > 0 && resident[i] >= 0)
            {
                sum += virtualBytes[i];
                known++;
            }
        }

        return known == 0 ? null : Math.Clamp(meanResident / (sum / known), 0, 1);
    }

    /// <summary>
    /// Events per second from a cumulative counter, summing only forward steps: a negative step is a
    /// counter from a different process (pid reuse) or an unknown (-1) reading, not negative faults.
    /// </summary>
    private static double CounterRate(double[] counter, double duration)
    {
        if (!(duration > 0))
        {
            return 0;
        }

        var total = 0.0;
        for (var i = 1; i < counter.Length; i++)
        {
            var step = counter[i] - counter[i - 1];
            if (counter[i - 1] >= 0 && step > 0)
            {
                total += step;
            }
        }

        return total / duration;
    }

    private static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }
}
