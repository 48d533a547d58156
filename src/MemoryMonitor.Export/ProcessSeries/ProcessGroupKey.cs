namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>The identity of a folded group: processes with the same comm in the same container.</summary>
internal readonly record struct ProcessGroupKey(string Comm, string ContainerId, string PodUid);
