using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Sweeps;

/// <summary>
/// One collection pass in the order every host runs it: the system files, every process and container, then the
/// OOM kills the kernel logged meanwhile (drained last, so a killed process is still known to this pass or the last),
/// or, when the kernel log cannot be read, the kills the cgroups' own counters show.
/// </summary>
public sealed class MemoryCollector : IDisposable
{
    private readonly SystemMemoryReader _system;
    private readonly ProcessSweeper _processes;
    private readonly OomKillReader _kills;
    private readonly CgroupOomKillCounter _counted = new();
    private readonly List<OomKillRecord> _killed = [];

    public MemoryCollector(CollectionSettings settings, TimeProvider time, ReadErrorCounters errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _system = new SystemMemoryReader(settings, time, errors);
        _processes = new ProcessSweeper(settings, time, errors);
        _kills = new OomKillReader(errors, settings.KernelLog);
    }

    public Sweep Collect()
    {
        var system = _system.Read();
        _processes.Sweep();
        _killed.Clear();
        if (_kills.Available)
        {
            _kills.Drain(_killed);
        }
        else
        {
            _counted.Count(_processes.Containers, _processes.ExitedContainers, _killed);
        }

        return new Sweep(system, _processes.Processes, _processes.Containers, _processes.Exited, _processes.ExitedContainers, _processes.SmapsBackedOff)
        {
            OomKills = _killed,
        };
    }

    public void Dispose() => _kills.Dispose();
}
