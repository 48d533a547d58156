using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Flags;

/// <summary>
/// Processes an analysis wants watched closely. The exporter keeps individual series for every flagged
/// process even outside the top N, so a leak in a small process stays visible.
/// </summary>
public interface IProcessFlags
{
    bool IsFlagged(ProcessRecord process);
}
