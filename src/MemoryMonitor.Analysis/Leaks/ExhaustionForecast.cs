using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// How much memory is left before the limit that will actually stop a process or the system (the binding limit),
/// and the leak analysis of the whole system's used memory against it.
/// </summary>
/// <remarks>
/// System: the headroom and used memory are the snapshot's own (<see cref="SystemMemorySnapshot.HeadroomBytes"/>,
/// <see cref="SystemMemorySnapshot.UsedBytes"/>); used memory moves one for one with the headroom.
/// Container: the cgroup's OOM killer fires at its effective limit (the smallest limit on its path) whatever the
/// host has free, but only once reclaim has failed: the kernel first drops the group's page cache. So the headroom
/// is the effective limit less the unreclaimable part (<see cref="ContainerCgroup.UnreclaimableBytes"/>), never
/// limit - usage: usage includes page cache, and a container whose cache has filled it sits at the limit for
/// hours without an OOM. Without memory.stat the raw usage is the fallback, which errs early. A process in a
/// container with a limit is stopped by whichever runs out first, the smaller of the two headrooms.
/// </remarks>
public static class ExhaustionForecast
{
    /// <summary><see cref="SystemMemorySnapshot.HeadroomBytes"/>, or null when meminfo could not be read.</summary>
    public static double? SystemHeadroomBytes(SystemMemorySnapshot system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.HeadroomBytes < 0 ? null : system.HeadroomBytes;
    }

    /// <summary>
    /// Effective limit - unreclaimable memory (usage when memory.stat is unknown), floored at 0; null when the
    /// container is unlimited or nothing of its memory could be read.
    /// </summary>
    public static double? ContainerHeadroomBytes(ContainerCgroup container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var committed = CommittedBytes(container);
        return BindingLimitBytes(container) is { } limit && committed >= 0 ? ContainerHeadroomBytes(limit, committed) : null;
    }

    /// <summary>Limit - committed, floored at 0 (usage can sit a little above the limit while the kernel reclaims).</summary>
    public static double ContainerHeadroomBytes(long limitBytes, long committedBytes) => Math.Max(0, limitBytes - committedBytes);

    /// <summary>The limit whose reach OOM-kills in the container: its effective (ancestors') limit, else its own.</summary>
    public static long? BindingLimitBytes(ContainerCgroup container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.EffectiveLimitBytes ?? container.LimitBytes;
    }

    /// <summary>
    /// What the container holds that reclaim cannot free: <see cref="ContainerCgroup.UnreclaimableBytes"/>, or the raw
    /// usage when memory.stat could not be read (errs early); -1 when neither is known. The series the container
    /// forecast follows.
    /// </summary>
    public static long CommittedBytes(ContainerCgroup container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.UnreclaimableBytes >= 0 ? container.UnreclaimableBytes : container.UsageBytes;
    }

    /// <summary>The binding headroom of a process: the smaller of its container's and the system's, whichever are known.</summary>
    public static double? BindingHeadroomBytes(double? containerHeadroom, double? systemHeadroom) =>
        (containerHeadroom, systemHeadroom) switch
        {
            ({ } c, { } s) => Math.Min(c, s),
            ({ } c, null) => c,
            (null, { } s) => s,
            _ => null,
        };

    /// <summary>The leak analysis of the system's used memory, with exhaustion against the system's headroom now.</summary>
    public static LeakAssessment ForSystem(ReadOnlySpan<double> seconds, ReadOnlySpan<double> usedBytes, SystemMemorySnapshot latest, LeakAnalyzerOptions? options = null) =>
        LeakAnalyzer.Assess(seconds, usedBytes, SystemHeadroomBytes(latest), options);

    /// <summary>The leak analysis of a container's committed memory, with exhaustion against its reclaim-aware headroom now.</summary>
    public static LeakAssessment ForContainer(ReadOnlySpan<double> seconds, ReadOnlySpan<double> committedBytes, ContainerCgroup latest, LeakAnalyzerOptions? options = null) =>
        LeakAnalyzer.Assess(seconds, committedBytes, ContainerHeadroomBytes(latest), options);

    /// <summary>The leak analysis of one process, with exhaustion against its binding limit.</summary>
    public static LeakAssessment ForProcess(ReadOnlySpan<double> seconds, ReadOnlySpan<double> residentBytes, ContainerCgroup? container, SystemMemorySnapshot? latest, LeakAnalyzerOptions? options = null)
    {
        var containerHeadroom = container is null ? null : ContainerHeadroomBytes(container);
        var systemHeadroom = latest is null ? null : SystemHeadroomBytes(latest);
        return LeakAnalyzer.Assess(seconds, residentBytes, BindingHeadroomBytes(containerHeadroom, systemHeadroom), options);
    }
}
