using MemoryMonitor.Collection.Containers;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>A container as collected, with the analysis' judgement of it.</summary>
public readonly record struct JudgedContainer(ContainerCgroup Container, ContainerJudgement Judgement);
