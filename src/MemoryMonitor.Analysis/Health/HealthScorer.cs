using System.Globalization;
using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Analysis.Health;

/// <summary>
/// Scores system memory health from 100 down. Each factor costs at most its cap, so no single signal can
/// hide the others, and each penalty ramps linearly between a "fine" and a "bad" level rather than
/// switching at one threshold, so the score moves smoothly as a node degrades.
/// </summary>
public static class HealthScorer
{
    /// <summary>Container usage share of its limit at which it counts as close to the limit.</summary>
    public const double ContainerNearLimitShare = 0.9;

    public static HealthReport Score(HealthInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var factors = new List<HealthFactor>();
        AvailableMemory(inputs, factors);
        Pressure(inputs, factors);
        SwapActivity(inputs, factors);
        OomKills(inputs, factors);
        Fragmentation(inputs, factors);
        LeakSuspects(inputs, factors);
        ContainersNearLimit(inputs, factors);
        factors.Sort((a, b) => b.Penalty.CompareTo(a.Penalty));
        return new HealthReport(Math.Max(0, 100 - factors.Sum(f => f.Penalty)), factors);
    }

    /// <summary>Linear ramp: 0 at or below <paramref name="fine"/>, 1 at or beyond <paramref name="bad"/>.</summary>
    internal static double Ramp(double value, double fine, double bad) =>
        double.IsNaN(value) ? 0 : Math.Clamp((value - fine) / (bad - fine), 0, 1);

    private static void AvailableMemory(HealthInputs inputs, List<HealthFactor> factors)
    {
        var share = inputs.AvailableShare;
        if (double.IsNaN(share))
        {
            return;
        }

        Add(factors, "low_available_memory", 35 * Ramp(-share, -0.20, -0.05), $"{share * 100:0.0}% of memory available ({new ByteCount(inputs.Current.AvailableBytes)} of {new ByteCount(inputs.Current.TotalBytes)})");
    }

    private static void Pressure(HealthInputs inputs, List<HealthFactor> factors)
    {
        if (inputs.Current.Pressure is not { } psi)
        {
            return;
        }

        // PSI averages are percentages of wall time; "full" means every task stalled, far worse than "some".
        Add(factors, "memory_pressure_stalls", 15 * Ramp(psi.SomeAvg60, 1, 20), $"some tasks stalled on memory {psi.SomeAvg60:0.##}% of the last 60 s");
        Add(factors, "full_memory_stalls", 20 * Ramp(psi.FullAvg60, 0.5, 10), $"all tasks stalled on memory {psi.FullAvg60:0.##}% of the last 60 s");
    }

    private static void SwapActivity(HealthInputs inputs, List<HealthFactor> factors)
    {
        // Steady swap traffic of hundreds of pages a second means the working set no longer fits: thrashing.
        var rate = inputs.SwapPagesPerSecond;
        Add(factors, "swap_thrash", 15 * Ramp(rate, 50, 1000), $"{rate:0} pages/s swapped in and out");
    }

    private static void OomKills(HealthInputs inputs, List<HealthFactor> factors)
    {
        var kills = inputs.OomKillsSincePrevious;
        Add(factors, "oom_kills", Math.Min(20, kills * 10), $"{kills} process(es) killed by the OOM killer since the previous reading");
    }

    private static void Fragmentation(HealthInputs inputs, List<HealthFactor> factors)
    {
        var worst = inputs.MostFragmentedZone;
        if (worst.Zone is null)
        {
            return;
        }

        Add(factors, "fragmentation", 5 * Ramp(worst.UnusableIndex, 0.7, 0.98),
            $"{worst.UnusableIndex * 100:0}% of free memory in node {worst.Zone.Node} zone {worst.Zone.Zone} is unusable for order-{inputs.Current.FragmentationOrder} allocations");
    }

    private static void LeakSuspects(HealthInputs inputs, List<HealthFactor> factors)
    {
        var suspects = inputs.LeakSuspects.ToList();
        if (suspects.Count > 0)
        {
            Add(factors, "leak_suspects", Math.Min(15, 5 * suspects.Count), $"{suspects.Count} process(es) with leak risk >= {inputs.LeakThreshold}: {Names(suspects)}");
        }
    }

    private static void ContainersNearLimit(HealthInputs inputs, List<HealthFactor> factors)
    {
        var near = inputs.ContainersNearLimit(ContainerNearLimitShare).ToList();
        if (near.Count > 0)
        {
            Add(factors, "containers_near_limit", Math.Min(10, 5 * near.Count),
                $"{near.Count} container(s) at >= {ContainerNearLimitShare * 100:0}% of their limit: {string.Join(", ", near.Take(3).Select(c => ShortId(c.Identity.ContainerId)))}");
        }
    }

    private static void Add(List<HealthFactor> factors, string name, double penalty, FormattableString evidence)
    {
        if (penalty > 0)
        {
            factors.Add(new HealthFactor(name, Math.Round(penalty, 1), evidence));
        }
    }

    internal static string Names(IEnumerable<JudgedProcess> processes) =>
        string.Join(", ", processes.Take(3).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Process.Comm} (pid {p.Process.Pid})")));

    internal static string ShortId(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
