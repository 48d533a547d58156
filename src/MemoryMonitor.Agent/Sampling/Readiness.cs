namespace MemoryMonitor.Agent.Sampling;

/// <summary>Ready once the first sweep has published data, so /readyz never admits an empty /metrics.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
