using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>Which processes get their own series and which are folded into per-group sums.</summary>
public sealed class ProcessSelection
{
    public List<JudgedProcess> Individual { get; } = [];

    public List<JudgedProcess> Folded { get; } = [];
}
