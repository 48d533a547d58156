namespace MemoryMonitor.Collection.Parsing;

/// <summary>One line of /proc/meminfo. <see cref="IsBytes"/> is false for the page counts (HugePages_*).</summary>
public readonly record struct MeminfoField(string Name, long Value, bool IsBytes);
