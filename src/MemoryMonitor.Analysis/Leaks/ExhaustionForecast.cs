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
/// Container: the cgroup's OOM killer fires at the limit whatever the host has free, so the headroom is
/// limit - usage (v2 memory.max - memory.current, v1 memory.limit_in_bytes - memory.usage_in_bytes; v1 usage
/// includes the group's page cache, which the kernel reclaims first, so this errs early). A process in a
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

    /// <summary>Limit - usage, or null when the container has no limit or its usage could not be read.</summary>
    public static double? ContainerHeadroomBytes(ContainerCgroup container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.LimitBytes is { } limit && container.UsageBytes >= 0 ? ContainerHeadroomBytes(limit, container.UsageBytes) : null;
    }

    /// <summary>Limit - usage, floored at 0 (usage can sit a little above the limit while the kernel reclaims).</summary>
    public static double ContainerHeadroomBytes(long limitBytes, long usageBytes) => Math.Max(0, limitBytes - usageBytes);

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

    /// <summary>The leak analysis of one process, with exhaustion against its binding limit.</summary>
    public static LeakAssessment ForProcess(ReadOnlySpan<double> seconds, ReadOnlySpan<double> residentBytes, ContainerCgroup? container, SystemMemorySnapshot? latest, LeakAnalyzerOptions? options = null)
    {
        var containerHeadroom = container is null ? null : ContainerHeadroomBytes(container);
        var systemHeadroom = latest is null ? null : SystemHeadroomBytes(latest);
        return LeakAnalyzer.Assess(seconds, residentBytes, BindingHeadroomBytes(containerHeadroom, systemHeadroom), options);
    }
}
