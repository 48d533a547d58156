using MemoryMonitor.Analysis.Health;

namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>
/// Turns what the agent sees into prioritised suggestions, each with its evidence. It only suggests: a suggestion
/// may name a <see cref="SafeAction"/>, which only `memmon optimize --apply` carries out.
/// </summary>
public static class SuggestionEngine
{
    public static IReadOnlyList<Suggestion> Suggest(HealthInputs inputs, int topConsumers = 5)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var suggestions = new List<Suggestion>();
        LeakSuspects(inputs, suggestions);
        Exhaustion(inputs, suggestions);
        Pressure(inputs, suggestions);
        SwapThrash(inputs, suggestions);
        ContainersNearLimit(inputs, suggestions);
        Fragmentation(inputs, suggestions);
        Cache(inputs, suggestions);
        TopConsumers(inputs, topConsumers, suggestions);
        return [.. suggestions.OrderBy(s => s.Priority)];
    }

    private static void LeakSuspects(HealthInputs inputs, List<Suggestion> suggestions)
    {
        foreach (var (process, judgement) in inputs.LeakSuspects.Take(5))
        {
            var exhaustion = judgement.ExhaustionSeconds is { } seconds ? (FormattableString)$", its limit is reached in about {new SecondCount(seconds)}" : $"";
            suggestions.Add(new Suggestion(
                judgement.ExhaustionSeconds is < 3600 ? SuggestionPriority.Critical : SuggestionPriority.High,
                "leak",
                $"Investigate {process.Comm} (pid {process.Pid}) for a memory leak; restart it before it runs out if it cannot be fixed now",
                $"leak risk {judgement.LeakRisk:0.00}, resident {new ByteCount(process.ResidentBytes)} growing {new ByteCount(judgement.GrowthBytesPerSecond * 3600)}/h ({judgement.Pattern}){exhaustion}"));
        }
    }

    private static void Exhaustion(HealthInputs inputs, List<Suggestion> suggestions)
    {
        var share = inputs.AvailableShare;
        if (share < 0.10)
        {
            suggestions.Add(new Suggestion(
                share < 0.05 ? SuggestionPriority.Critical : SuggestionPriority.High,
                "capacity",
                $"Free memory or add capacity: the node is close to running out",
                $"{share * 100:0.0}% of memory available ({new ByteCount(inputs.Current.AvailableBytes)}), swap free {new ByteCount(inputs.Current.SwapFreeBytes)}"));
        }
    }

    private static void Pressure(HealthInputs inputs, List<Suggestion> suggestions)
    {
        if (inputs.Current.Pressure is { } psi && (psi.SomeAvg60 >= 5 || psi.FullAvg60 >= 1))
        {
            suggestions.Add(new Suggestion(
                psi.FullAvg60 >= 5 ? SuggestionPriority.Critical : SuggestionPriority.High,
                "pressure",
                $"Tasks are stalling on memory: reduce the working set or move workloads off this node",
                $"PSI memory some avg60 {psi.SomeAvg60:0.##}%, full avg60 {psi.FullAvg60:0.##}%"));
        }
    }

    private static void SwapThrash(HealthInputs inputs, List<Suggestion> suggestions)
    {
        var rate = inputs.SwapPagesPerSecond;
        if (rate >= 100)
        {
            suggestions.Add(new Suggestion(
                SuggestionPriority.High,
                "swap",
                $"Swap is thrashing: the working set no longer fits in memory; add memory, lower limits of batch work, or lower vm.swappiness for latency-sensitive nodes",
                $"{rate:0} pages/s swapped in and out over the last {inputs.IntervalSeconds:0} s"));
        }
    }

    private static void ContainersNearLimit(HealthInputs inputs, List<Suggestion> suggestions)
    {
        foreach (var container in inputs.ContainersNearLimit(HealthScorer.ContainerNearLimitShare).Take(5))
        {
            var share = (double)container.UsageBytes / container.LimitBytes!.Value;
            suggestions.Add(new Suggestion(
                share >= 0.97 ? SuggestionPriority.High : SuggestionPriority.Medium,
                "cgroup-limit",
                $"Raise the memory limit of container {HealthScorer.ShortId(container.Identity.ContainerId)} or reduce its usage before it is OOM-killed",
                $"usage {new ByteCount(container.UsageBytes)} is {share * 100:0}% of its {new ByteCount(container.LimitBytes.Value)} limit (usage includes reclaimable page cache)"));
        }
    }

    private static void Fragmentation(HealthInputs inputs, List<Suggestion> suggestions)
    {
        var (worst, index) = inputs.MostFragmentedZone;
        if (worst is not null && index >= 0.9)
        {
            suggestions.Add(new Suggestion(
                SuggestionPriority.Low,
                "fragmentation",
                $"Compact memory so huge pages and large allocations can be served",
                $"{index * 100:0}% of free memory in node {worst.Node} zone {worst.Zone} is in blocks smaller than order {inputs.Current.FragmentationOrder}",
                SafeAction.CompactMemory));
        }
    }

    private static void Cache(HealthInputs inputs, List<Suggestion> suggestions)
    {
        if (inputs.Current.Meminfo is not { } m || inputs.Current.TotalBytes <= 0)
        {
            return;
        }

        // Page cache is reclaimed on demand, so a large cache is normally good; it only deserves a word when
        // the node is also short of available memory, which means the cache is not the reclaimable kind
        // (shmem/tmpfs counts as Cached but cannot be dropped).
        var cached = m.Get("Cached");
        var shmem = Math.Max(0, m.Get("Shmem"));
        var availableShare = inputs.AvailableShare;
        if (availableShare < 0.15 && shmem > 0.25 * cached)
        {
            suggestions.Add(new Suggestion(
                SuggestionPriority.Medium,
                "cache",
                $"Clean up tmpfs/shared memory: it is counted as cache but cannot be reclaimed",
                $"shared memory {new ByteCount(shmem)} of {new ByteCount(cached)} page cache while only {availableShare * 100:0}% is available"));
        }
        else if (cached > 0.5 * inputs.Current.TotalBytes)
        {
            suggestions.Add(new Suggestion(
                SuggestionPriority.Info,
                "cache",
                $"Most memory is page cache: healthy (it is reclaimed on demand); drop clean cache only to measure applications' true footprint",
                $"page cache {new ByteCount(cached)} of {new ByteCount(inputs.Current.TotalBytes)}",
                SafeAction.DropCleanPageCache));
        }
    }

    private static void TopConsumers(HealthInputs inputs, int count, List<Suggestion> suggestions)
    {
        var total = inputs.Current.TotalBytes;
        foreach (var (process, _) in inputs.Processes.Where(p => p.Process.ResidentBytes > 0).OrderByDescending(p => p.Process.ResidentBytes).Take(count))
        {
            var share = total > 0 ? (double)process.ResidentBytes / total : double.NaN;
            var pss = process.ProportionalBytes >= 0 ? (FormattableString)$", PSS {new ByteCount(process.ProportionalBytes)}" : $"";
            suggestions.Add(new Suggestion(
                share >= 0.5 ? SuggestionPriority.Medium : SuggestionPriority.Info,
                "top-consumer",
                $"{process.Comm} (pid {process.Pid}) holds {share * 100:0.0}% of memory: right-size it (heap limits, caches) if that is more than it needs",
                $"resident {new ByteCount(process.ResidentBytes)}{pss}, swap {new ByteCount(Math.Max(0, process.SwapBytes))}"));
        }
    }
}
