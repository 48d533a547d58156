using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// A container's memory cgroup: who it is and its latest memory figures, read once per sweep (bytes; a limit null =
/// unlimited, a figure -1 = unknown). Also a limited unit: any other cgroup with a memory limit on its path (a systemd
/// unit with MemoryMax=), read the same way so its processes are forecast against the limit that binds them, but
/// not a container: it has no identity, no series of its own, and is in no sweep's container list.
/// </summary>
public sealed class ContainerCgroup
{
    internal ContainerCgroup(ContainerIdentity identity, CgroupMemoryFiles files)
    {
        Identity = identity;
        Files = files;
    }

    public ContainerIdentity Identity { get; }

    /// <summary>False for a limited unit (see the class summary).</summary>
    public bool IsContainer => Identity.ContainerId.Length > 0;

    /// <summary>A limited unit's cgroup path (e.g. /system.slice/backup.service); empty for a container.</summary>
    public string UnitPath { get; internal init; } = string.Empty;

    /// <summary>Namespace, pod and container from the kubelet's log tree; <see cref="KubernetesNames.None"/> outside Kubernetes.</summary>
    public KubernetesNames Names { get; internal set; } = KubernetesNames.None;

    public long UsageBytes { get; internal set; } = -1;

    public long? LimitBytes { get; internal set; }

    /// <summary>
    /// The limit that binds: the smallest memory limit on the cgroup's path, its ancestors (the pod, the QoS
    /// slice) included; v2 the smallest memory.max up to the root, v1 hierarchical_memory_limit. Null = unlimited.
    /// </summary>
    public long? EffectiveLimitBytes { get; internal set; }

    /// <summary>v2 memory.high: above it the kernel throttles and reclaims, it does not OOM-kill. Null = none (v1, or "max").</summary>
    public long? HighBytes { get; internal set; }

    /// <summary>Swap used by the cgroup (v2 memory.swap.current, v1 total_swap of memory.stat); -1 unknown.</summary>
    public long SwapBytes { get; internal set; } = -1;

    /// <summary>
    /// Swap the cgroup may still use (v2 memory.swap.max - memory.swap.current); 0 when none or unknown, which is
    /// the safe side for a forecast: anonymous memory then counts as unreclaimable.
    /// </summary>
    public long SwapRoomBytes { get; internal set; }

    public ContainerMemoryStat Stat { get; internal set; } = ContainerMemoryStat.Unknown;

    public ContainerMemoryEvents Events { get; internal set; } = ContainerMemoryEvents.Unknown;

    /// <summary>The v2 parent (pod) cgroup's oom_kill count, read only for pod containers; -1 when unknown or v1.</summary>
    public long PodOomKills { get; internal set; } = -1;

    /// <summary>v2 memory.pressure (PSI of the tasks in the cgroup and its descendants); null on v1 or without PSI.</summary>
    public PressureStall? Pressure { get; internal set; }

    /// <summary>
    /// Usage less inactive file cache, floored at 0: what kubelet's eviction and `kubectl top` call the working set
    /// (cAdvisor container_memory_working_set_bytes). -1 when usage is unknown; usage itself when the split is.
    /// </summary>
    public long WorkingSetBytes => UsageBytes < 0 ? -1 : Math.Max(0, UsageBytes - Math.Max(0, Stat.InactiveFileBytes));

    /// <summary>
    /// An estimate of what the kernel cannot free before it OOM-kills in this cgroup: anonymous memory beyond the
    /// swap room left, shared memory (tmpfs, shm: file pages that cannot be dropped), mlocked file pages (unevictable
    /// less what anon and shmem already hold), and unreclaimable slab. Page cache, clean or written back, is left
    /// out: the kernel reclaims it first. -1 when memory.stat could not be read.
    /// </summary>
    public long UnreclaimableBytes
    {
        get
        {
            var stat = Stat;
            if (stat.AnonBytes < 0)
            {
                return -1;
            }

            var anon = Math.Max(0, stat.AnonBytes - SwapRoomBytes);
            var shmem = Math.Max(0, stat.ShmemBytes);
            var lockedFile = Math.Max(0, stat.UnevictableBytes - stat.AnonBytes - shmem);
            return anon + shmem + lockedFile + Math.Max(0, stat.SlabUnreclaimableBytes);
        }
    }

    internal CgroupMemoryFiles Files { get; }

    internal long LastSweep { get; set; }
}
