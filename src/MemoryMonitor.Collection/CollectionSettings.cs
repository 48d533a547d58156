namespace MemoryMonitor.Collection;

/// <summary>Where to read from and how often to take the expensive readings.</summary>
public sealed record CollectionSettings
{
    public string ProcRoot { get; init; } = "/proc";

    public string SysRoot { get; init; } = "/sys";

    /// <summary>
    /// The kernel log device OOM kills are read from (root or CAP_SYSLOG; the chart mounts it only when asked). Where it
    /// cannot be opened the agent counts that once and attributes no kills.
    /// </summary>
    public string KernelLog { get; init; } = "/dev/kmsg";

    /// <summary>The node's /var/log, whose kubelet log tree (pods/, containers/) names containers; absent outside Kubernetes.</summary>
    public string KubeletLogRoot { get; init; } = "/var/log";

    /// <summary>
    /// How often each process's smaps_rollup (PSS, USS) is read. smaps_rollup walks every mapping under the
    /// target's mmap lock (~30 us per process here, seconds on huge processes), so it runs on its own,
    /// slower cadence. <see cref="TimeSpan.Zero"/> turns PSS/USS off.
    /// </summary>
    public TimeSpan SmapsInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A smaps_rollup read slower than this doubles that process's smaps interval (up to 16x).</summary>
    public TimeSpan SlowSmapsRead { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The largest order /proc/buddyinfo lists: the kernel keeps free blocks of orders 0..MAX_ORDER-1 with
    /// MAX_ORDER 11 by default (renamed MAX_PAGE_ORDER = 10, inclusive, in Linux 6.4).
    /// </summary>
    public const int MaxFragmentationOrder = 10;

    /// <summary>Order used for the fragmentation index: 9 = 2 MiB blocks with 4 KiB pages (a transparent huge page).</summary>
    public int FragmentationOrder { get; init; } = 9;
}
