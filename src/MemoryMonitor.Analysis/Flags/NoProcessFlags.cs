using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Flags;

/// <summary>Flags nothing: the core agent before any detector is configured.</summary>
public sealed class NoProcessFlags : IProcessFlags
{
    public static readonly NoProcessFlags Instance = new();

    public bool IsFlagged(ProcessRecord process) => false;
}
