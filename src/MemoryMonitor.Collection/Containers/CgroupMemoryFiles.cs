namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// The memory files of one container cgroup, built once when the container is first seen: a container's cgroup and
/// its ancestors do not move, so no path is built per sweep. A file the cgroup version has not is null.
/// </summary>
internal sealed class CgroupMemoryFiles
{
    private CgroupMemoryFiles(bool isV2, string usage, string limit)
    {
        IsV2 = isV2;
        Usage = new CgroupFile(usage);
        Limit = new CgroupFile(limit);
    }

    public bool IsV2 { get; }

    /// <summary>v2 memory.current, v1 memory.usage_in_bytes.</summary>
    public CgroupFile Usage { get; }

    /// <summary>v2 memory.max, v1 memory.limit_in_bytes.</summary>
    public CgroupFile Limit { get; }

    /// <summary>memory.stat, both versions.</summary>
    public CgroupFile? Stat { get; private init; }

    /// <summary>v2 memory.events.</summary>
    public CgroupFile? Events { get; private init; }

    /// <summary>v2 memory.high.</summary>
    public CgroupFile? High { get; private init; }

    /// <summary>v2 memory.swap.current and memory.swap.max: absent without swap accounting (CONFIG_MEMCG_SWAP, swapaccount=0).</summary>
    public CgroupFile? SwapCurrent { get; private init; }

    public CgroupFile? SwapMax { get; private init; }

    /// <summary>v2 memory.pressure: absent without PSI (CONFIG_PSI, psi=0) or with the cgroup's cgroup.pressure set to 0.</summary>
    public CgroupFile? Pressure { get; private init; }

    /// <summary>v1 memory.failcnt and memory.oom_control.</summary>
    public CgroupFile? FailCount { get; private init; }

    public CgroupFile? OomControl { get; private init; }

    /// <summary>
    /// v2 memory.max of every ancestor below the root (the pod, the QoS slice, kubepods), nearest first: v2 has no
    /// hierarchical limit file, and a pod's limit binds its containers as surely as their own. Optional, because a
    /// level above a container can sit outside the memory controller's view in a namespaced or partial mount.
    /// </summary>
    public IReadOnlyList<CgroupFile> AncestorLimits { get; private init; } = [];

    /// <summary>
    /// v2 memory.events of the parent cgroup (for a Kubernetes container: its pod's), whose oom_kill counts the kills
    /// in every container of the pod (v2 events propagate upwards) and outlives a container the kill ended. Null on
    /// v1 (whose counters do not propagate) and for a cgroup directly under the root.
    /// </summary>
    public CgroupFile? ParentEvents { get; private init; }

    /// <summary>The files of the v2 cgroup at <paramref name="relative"/> under the unified mount <paramref name="root"/>.</summary>
    public static CgroupMemoryFiles V2(string root, IReadOnlyList<string> relative)
    {
        var directory = Path.Combine(root, Path.Combine([.. relative]));
        var ancestors = new CgroupFile[Math.Max(0, relative.Count - 1)];
        for (var depth = relative.Count - 1; depth > 0; depth--)
        {
            ancestors[relative.Count - 1 - depth] = new CgroupFile(Path.Combine(root, Path.Combine([.. relative.Take(depth)]), "memory.max"), optional: true);
        }

        return new CgroupMemoryFiles(isV2: true, Path.Combine(directory, "memory.current"), Path.Combine(directory, "memory.max"))
        {
            Stat = new CgroupFile(Path.Combine(directory, "memory.stat")),
            Events = new CgroupFile(Path.Combine(directory, "memory.events")),
            High = new CgroupFile(Path.Combine(directory, "memory.high")),
            SwapCurrent = new CgroupFile(Path.Combine(directory, "memory.swap.current"), optional: true),
            SwapMax = new CgroupFile(Path.Combine(directory, "memory.swap.max"), optional: true),
            Pressure = new CgroupFile(Path.Combine(directory, "memory.pressure"), optional: true),
            AncestorLimits = ancestors,
            ParentEvents = relative.Count > 1 ? new CgroupFile(Path.Combine(root, Path.Combine([.. relative.Take(relative.Count - 1)]), "memory.events"), optional: true) : null,
        };
    }

    /// <summary>The files of the v1 memory cgroup at <paramref name="relative"/> under the memory controller's mount <paramref name="root"/>.</summary>
    public static CgroupMemoryFiles V1(string root, IReadOnlyList<string> relative)
    {
        var directory = Path.Combine(root, Path.Combine([.. relative]));
        return new CgroupMemoryFiles(isV2: false, Path.Combine(directory, "memory.usage_in_bytes"), Path.Combine(directory, "memory.limit_in_bytes"))
        {
            Stat = new CgroupFile(Path.Combine(directory, "memory.stat")),
            FailCount = new CgroupFile(Path.Combine(directory, "memory.failcnt")),
            OomControl = new CgroupFile(Path.Combine(directory, "memory.oom_control")),
        };
    }
}
