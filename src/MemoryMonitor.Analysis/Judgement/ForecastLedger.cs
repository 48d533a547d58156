namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// When a process's or container's exhaustion forecast came within the horizon and has stayed there: the start of
/// the warning an OOM kill is scored against. A forecast that goes away (growth stopped, memory freed) resets it.
/// </summary>
internal sealed class ForecastLedger
{
    /// <summary>A forecast further out than this is not a warning: the alert rules look four hours ahead at most, the critical one one hour.</summary>
    public const double Horizon = 4 * 3600;

    /// <summary>Monotonic seconds when the current warning began; null while there is none.</summary>
    public double? WarnedSince { get; private set; }

    public void Observe(double? exhaustionSeconds, double nowSeconds)
    {
        if (exhaustionSeconds is { } seconds && seconds <= Horizon)
        {
            WarnedSince ??= nowSeconds;
        }
        else
        {
            WarnedSince = null;
        }
    }

    /// <summary>How long the warning had stood at <paramref name="nowSeconds"/>; null without one.</summary>
    public double? LeadAt(double nowSeconds) => WarnedSince is { } since ? nowSeconds - since : null;
}
