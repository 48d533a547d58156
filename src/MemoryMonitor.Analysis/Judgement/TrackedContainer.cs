using MemoryMonitor.Analysis.Tracking;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>What the engine keeps for one live container: its committed-memory history; dropped when the sweep reports it gone.</summary>
internal sealed class TrackedContainer(int historyCapacity, int stagger)
{
    public ProcessHistory History { get; } = new(historyCapacity);

    public ContainerJudgement Judgement { get; } = new();

    /// <summary>Since when its exhaustion forecast has warned, for scoring an OOM kill in it.</summary>
    public ForecastLedger Forecast { get; } = new();

    /// <summary>Spreads containers' trend work over ticks, as processes are spread by pid.</summary>
    public int Stagger { get; } = stagger;
}
