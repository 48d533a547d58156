using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>Which processes get their own series and which are folded into per-group sums.</summary>
public sealed class ProcessSelection
{
    public List<ProcessRecord> Individual { get; } = [];

    public List<ProcessRecord> Folded { get; } = [];
}
