namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// The memory lines of /proc/PID/status, in bytes. A value of -1 means the kernel did not print the
/// line: RssAnon/RssFile/RssShmem appeared in Linux 4.5, and kernel threads print no Vm* lines at all.
/// </summary>
internal readonly record struct ProcessStatus(
    long VirtualBytes,
    long ResidentBytes,
    long ResidentAnonBytes,
    long ResidentFileBytes,
    long ResidentShmemBytes,
    long SwapBytes,
    long Threads,
    long RealUid);
