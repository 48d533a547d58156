namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>The values of one container row, copied from its cgroup so a published snapshot does not change under a reader.</summary>
internal readonly record struct ContainerValues(long UsageBytes, long? LimitBytes);
