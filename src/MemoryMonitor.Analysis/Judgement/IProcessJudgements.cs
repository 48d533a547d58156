using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>Where exporters look up what the analysis concluded about a process.</summary>
public interface IProcessJudgements
{
    /// <summary>The process's judgement, or null when it is not (yet) tracked.</summary>
    ProcessJudgement? JudgementOf(ProcessRecord process);
}
