namespace MemoryMonitor.Collection.Errors;

/// <summary>The files the agent reads, as they are named in the read-error self-metric.</summary>
public enum CollectedFile
{
    Stat,
    Status,
    SmapsRollup,
    Cgroup,
    Exe,
    Meminfo,
    Vmstat,
    Pressure,
    Buddyinfo,
    CgroupMemory,

    /// <summary>/dev/kmsg, the kernel log the OOM kills are read from.</summary>
    Kmsg,
}
