using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Sweeps;

/// <summary>
/// Everything one collection pass produced: the node's memory, the live processes and containers, and the
/// processes and containers that were live at the previous pass but not at this one. Every later layer
/// (analysis, export, the CLI views) drops its per-process and per-container state from <see cref="Exited"/>
/// and <see cref="ExitedContainers"/>, and from nowhere else, so "what happens when a process exits" is
/// decided here once. The collections are reused by the next pass: read them before collecting again.
/// </summary>
public sealed record Sweep(
    SystemMemorySnapshot System,
    IReadOnlyCollection<ProcessRecord> Processes,
    IReadOnlyList<ContainerCgroup> Containers,
    IReadOnlyList<ProcessRecord> Exited,
    IReadOnlyList<ContainerCgroup> ExitedContainers,
    int SmapsBackedOff)
{
    /// <summary>Processes the kernel OOM-killed since the previous pass, from /dev/kmsg (empty where it cannot be read).</summary>
    public IReadOnlyList<OomKillRecord> OomKills { get; init; } = [];
}
