namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// A container cgroup's memory event counters since it was created; -1 where unknown. v2 memory.events: max (usage
/// hit memory.max), high (throttled above memory.high), oom (allocation failed at the limit), oom_kill (processes
/// killed). v1 has only memory.failcnt (reported as <see cref="Max"/>) and oom_kill in memory.oom_control
/// (Linux 4.13+).
/// </summary>
public readonly record struct ContainerMemoryEvents(long Max, long High, long Oom, long OomKill)
{
    public static ContainerMemoryEvents Unknown { get; } = new(-1, -1, -1, -1);
}
