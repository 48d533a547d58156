using System.Diagnostics;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;
using MemoryMonitor.Export.Instruments;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Agent.Sampling;

/// <summary>One tick of the agent: collect (system, processes), analyse, then export (instruments, per-process series).</summary>
public sealed class SweepPipeline
{
    private readonly SystemMemoryReader _system;
    private readonly ProcessSweeper _processes;
    private readonly AnalysisEngine _analysis;
    private readonly List<ContainerCgroup> _containers = [];
    private readonly ProcessSeriesSelector _selector;
    private readonly ProcessSeriesPublisher _publisher;
    private readonly SystemInstruments _systemInstruments;
    private readonly AnalysisInstruments _analysisInstruments;
    private readonly AgentInstruments _agentInstruments;

    public SweepPipeline(
        CollectionSettings settings,
        TimeProvider time,
        ReadErrorCounters errors,
        AnalysisEngine analysis,
        ProcessSeriesSelector selector,
        ProcessSeriesPublisher publisher,
        SystemInstruments systemInstruments,
        AnalysisInstruments analysisInstruments,
        AgentInstruments agentInstruments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _system = new SystemMemoryReader(settings.ProcRoot, time, errors);
        _processes = new ProcessSweeper(settings, time, errors);
        _analysis = analysis;
        _selector = selector;
        _publisher = publisher;
        _systemInstruments = systemInstruments;
        _analysisInstruments = analysisInstruments;
        _agentInstruments = agentInstruments;
    }

    public void Run()
    {
        var started = Stopwatch.GetTimestamp();
        var system = _system.Read();
        _systemInstruments.Publish(system);
        _processes.Sweep();
        _containers.Clear();
        _containers.AddRange(_processes.Containers);
        _analysis.Analyze(_processes.Processes, _containers, system);
        _analysisInstruments.Publish(_analysis.System);
        var selection = _selector.Select(_processes.Processes);
        _publisher.Publish(selection, _processes.Containers);
        _agentInstruments.RecordSweep(
            Stopwatch.GetElapsedTime(started),
            new SweepCounts(_processes.Processes.Count, selection.Individual.Count, selection.Folded.Count, _processes.SmapsBackedOff));
    }
}
