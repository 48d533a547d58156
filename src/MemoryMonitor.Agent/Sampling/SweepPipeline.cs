using System.Diagnostics;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Export.Instruments;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Agent.Sampling;

/// <summary>One tick of the agent: collect, analyse, then export the sweep and the engine's judged list.</summary>
public sealed class SweepPipeline(
    MemoryCollector collector,
    AnalysisEngine analysis,
    ProcessSeriesSelector selector,
    ProcessSeriesPublisher publisher,
    SystemInstruments systemInstruments,
    AnalysisInstruments analysisInstruments,
    OomKillInstruments oomKillInstruments,
    AgentInstruments agentInstruments)
{
    public void Run()
    {
        var started = Stopwatch.GetTimestamp();
        var sweep = collector.Collect();
        systemInstruments.Publish(sweep.System);
        analysis.Analyze(sweep);
        analysisInstruments.Publish(analysis.System);
        oomKillInstruments.Publish(analysis.OomKills);
        var selection = selector.Select(analysis.Processes);
        publisher.Publish(selection, analysis.Containers, sweep);
        agentInstruments.RecordSweep(
            Stopwatch.GetElapsedTime(started),
            new SweepCounts(sweep.Processes.Count, selection.Individual.Count, selection.Folded.Count, analysis.AnalysedCount, sweep.SmapsBackedOff));
    }
}
