using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Analysis.Health;

/// <summary>
/// Everything the health score and the suggestions look at: two system readings (rates need two),
/// the judged processes and the containers, and the leak risk at which a process counts as a suspect
/// (<see cref="AnalysisSettings.FlagThreshold"/>, the same level that flags it for its own series).
/// </summary>
public sealed record HealthInputs(
    SystemMemorySnapshot Current,
    SystemMemorySnapshot? Previous,
    IReadOnlyList<JudgedProcess> Processes,
    IReadOnlyList<ContainerCgroup> Containers,
    double LeakThreshold)
{
    /// <summary>Seconds between the two readings on the monotonic clock, 0 without a previous one.</summary>
    public double IntervalSeconds => Previous is null ? 0 : (Current.Monotonic - Previous.Monotonic).TotalSeconds;

    /// <summary>Share of memory available (MemAvailable / MemTotal), NaN when meminfo could not be read.</summary>
    public double AvailableShare =>
        Current.TotalBytes > 0 && Current.AvailableBytes >= 0 ? (double)Current.AvailableBytes / Current.TotalBytes : double.NaN;

    /// <summary>The zone whose free memory is least usable at the snapshot's fragmentation order; null when no zone has free pages.</summary>
    public (BuddyZone? Zone, double UnusableIndex) MostFragmentedZone =>
        Current.Zones.Where(z => z.FreePages > 0).Select(z => ((BuddyZone?)z, Current.UnusableIndex(z)))
            .OrderByDescending(z => z.Item2).FirstOrDefault();

    /// <summary>Pages swapped in plus out per second between the readings; 0 when unknown.</summary>
    public double SwapPagesPerSecond
    {
        get
        {
            if (IntervalSeconds <= 0 || Current.Vmstat is not { } now || Previous?.Vmstat is not { } before || now.SwapInPages < 0)
            {
                return 0;
            }

            var pages = now.SwapInPages - before.SwapInPages + now.SwapOutPages - before.SwapOutPages;
            return Math.Max(0, pages) / IntervalSeconds;
        }
    }

    /// <summary>OOM kills between the readings (0 when the kernel does not count them).</summary>
    public long OomKillsSincePrevious =>
        Current.Vmstat is { OomKills: >= 0 } now && Previous?.Vmstat is { OomKills: >= 0 } before ? Math.Max(0, now.OomKills - before.OomKills) : 0;

    /// <summary>Processes whose leak risk reached <see cref="LeakThreshold"/>, highest risk first.</summary>
    public IEnumerable<JudgedProcess> LeakSuspects =>
        Processes.Where(p => p.Judgement.LeakRisk >= LeakThreshold).OrderByDescending(p => p.Judgement.LeakRisk);

    /// <summary>Containers with a limit whose usage is at or above the given share of it.</summary>
    public IEnumerable<ContainerCgroup> ContainersNearLimit(double share) =>
        Containers.Where(c => c.LimitBytes is > 0 && c.UsageBytes >= 0 && c.UsageBytes >= share * c.LimitBytes.Value);
}
