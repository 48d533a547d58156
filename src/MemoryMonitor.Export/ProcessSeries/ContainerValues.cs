using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// The values of one container row, copied from its cgroup and judgement so a published snapshot does not change
/// under a reader: every field is a value, the derived figures (working set, unreclaimable) are computed once here.
/// Byte counts and event counters are -1 when unknown, as collection reports them; limits null when there is none.
/// </summary>
internal readonly record struct ContainerValues(
    long UsageBytes,
    long? LimitBytes,
    long? EffectiveLimitBytes,
    long? HighBytes,
    long WorkingSetBytes,
    long UnreclaimableBytes,
    long SwapBytes,
    ContainerMemoryStat Stat,
    ContainerMemoryEvents Events,
    PressureStall? Pressure,
    double ExhaustionSeconds)
{
    /// <param name="judgement">Null when the analysis has not judged the container: its judgements are then unknown.</param>
    public static ContainerValues Of(ContainerCgroup container, ContainerJudgement? judgement) => new(
        container.UsageBytes,
        container.LimitBytes,
        container.EffectiveLimitBytes,
        container.HighBytes,
        container.WorkingSetBytes,
        container.UnreclaimableBytes,
        container.SwapBytes,
        container.Stat,
        container.Events,
        container.Pressure,
        judgement?.ExhaustionSeconds ?? double.NaN);
}
