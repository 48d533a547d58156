namespace MemoryMonitor.Collection.Parsing;

/// <summary>The fields of /proc/PID/stat the agent uses (proc(5) numbering in comments).</summary>
/// <remarks>The comm is a byte range into the parsed text, so callers compare it with a cached name instead of allocating.</remarks>
internal readonly record struct ProcessStat(
    int Pid,
    int CommStart,
    int CommLength,
    long Flags,
    long MinorFaults,
    long MajorFaults,
    long Threads,
    long StartTimeTicks,
    long VirtualBytes);
