using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Sweeps;

/// <summary>One collection pass in the order every host runs it: the system files, then every process and container.</summary>
public sealed class MemoryCollector
{
    private readonly SystemMemoryReader _system;
    private readonly ProcessSweeper _processes;

    public MemoryCollector(CollectionSettings settings, TimeProvider time, ReadErrorCounters errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _system = new SystemMemoryReader(settings, time, errors);
        _processes = new ProcessSweeper(settings, time, errors);
    }

    public Sweep Collect()
    {
        var system = _system.Read();
        _processes.Sweep();
        return new Sweep(system, _processes.Processes, _processes.Containers, _processes.Exited, _processes.ExitedContainers, _processes.SmapsBackedOff);
    }
}
