namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Totals from /proc/PID/smaps_rollup (Linux 4.14+), in bytes.
/// USS is the memory only this process maps: Private_Clean + Private_Dirty.
/// </summary>
internal readonly record struct SmapsRollup(long ResidentBytes, long ProportionalBytes, long UniqueBytes, long SwapBytes);
