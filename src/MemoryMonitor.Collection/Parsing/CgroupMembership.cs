namespace MemoryMonitor.Collection.Parsing;

/// <summary>The cgroup that accounts a process's memory: the v1 memory controller's, else the v2 unified one.</summary>
public readonly record struct CgroupMembership(string Path, bool IsV2);
