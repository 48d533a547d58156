using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>A process as collected, with the analysis' judgement of it.</summary>
public readonly record struct JudgedProcess(ProcessRecord Process, ProcessJudgement Judgement);
