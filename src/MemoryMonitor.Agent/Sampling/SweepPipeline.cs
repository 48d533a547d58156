using System.Diagnostics;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;
using MemoryMonitor.Export.Instruments;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Agent.Sampling;

/// <summary>One tick of the agent: collect (system, processes) then export (instruments, per-process series).</summary>
public sealed class SweepPipeline
{
    private readonly SystemMemoryReader _system;
    private readonly ProcessSweeper _processes;
    private readonly ProcessSeriesSelector _selector;
    private readonly ProcessSeriesPublisher _publisher;
    private readonly SystemInstruments _systemInstruments;
    private readonly AgentInstruments _agentInstruments;

    public SweepPipeline(
        CollectionSettings settings,
        TimeProvider time,
        ReadErrorCounters errors,
        ProcessSeriesSelector selector,
        ProcessSeriesPublisher publisher,
        SystemInstruments systemInstruments,
        AgentInstruments agentInstruments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _system = new SystemMemoryReader(settings.ProcRoot, time, errors);
        _processes = new ProcessSweeper(settings, time, errors);
        _selector = selector;
        _publisher = publisher;
        _systemInstruments = systemInstruments;
        _agentInstruments = agentInstruments;
    }

    public void Run()
    {
        var started = Stopwatch.GetTimestamp();
        _systemInstruments.Publish(_system.Read());
        _processes.Sweep();
        var selection = _selector.Select(_processes.Processes);
        _publisher.Publish(selection, _processes.Containers);
        _agentInstruments.RecordSweep(
            Stopwatch.GetElapsedTime(started),
            new SweepCounts(_processes.Processes.Count, selection.Individual.Count, selection.Folded.Count, _processes.SmapsBackedOff));
    }
}
