namespace MemoryMonitor.Baselines.Tests;

/// <summary>A clock stopped at one instant, so a file name stamped from it can be asserted exactly.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
