using MemoryMonitor.Agent.Sampling;
using Xunit;

namespace MemoryMonitor.Agent.Tests.Sampling;

public sealed class HeapCompactorTests
{
    [Fact]
    public void CompactsOncePerPeriodAndReallyCollectsGen2()
    {
        var clock = new SteppedClock();
        var compactor = new HeapCompactor(clock);
        var gen2Before = GC.CollectionCount(GC.MaxGeneration);

        for (var second = 1; second < HeapCompactor.Period.TotalSeconds; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            compactor.AfterSweep();
        }

        Assert.Equal(0, compactor.Compactions);

        clock.Advance(TimeSpan.FromSeconds(1));
        compactor.AfterSweep();
        compactor.AfterSweep();

        Assert.Equal(1, compactor.Compactions);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > gen2Before);

        clock.Advance(HeapCompactor.Period);
        compactor.AfterSweep();
        Assert.Equal(2, compactor.Compactions);
    }

    /// <summary>A monotonic clock the test moves by hand.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
