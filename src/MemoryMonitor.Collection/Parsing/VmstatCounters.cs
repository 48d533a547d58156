namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Counters from /proc/vmstat. -1 marks a counter this kernel does not print
/// (oom_kill appeared in Linux 4.13; compaction counters need CONFIG_COMPACTION).
/// </summary>
public readonly record struct VmstatCounters(
    long PageFaults,
    long MajorPageFaults,
    long SwapInPages,
    long SwapOutPages,
    long OomKills,
    long CompactStalls,
    long CompactFailures,
    long CompactSuccesses)
{
    /// <summary>pgfault counts every fault, major ones included.</summary>
    public long MinorPageFaults => PageFaults < 0 || MajorPageFaults < 0 ? -1 : PageFaults - MajorPageFaults;
}
