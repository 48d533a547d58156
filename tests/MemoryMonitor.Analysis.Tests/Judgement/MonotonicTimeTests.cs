using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Tests.Health;

namespace MemoryMonitor.Analysis.Tests.Judgement;

public sealed class MonotonicTimeTests
{
    [Fact]
    public void A_wall_clock_stepped_back_mid_leak_leaves_the_growth_estimate_true()
    {
        // 4,000 kB per 15 s tick is 273 kB/s; halfway through, NTP steps the wall clock back an hour.
        using var node = new NodeTree();
        var engine = new AnalysisEngine(new AnalysisSettings { LeakEveryTicks = 1 }, baselines: null);
        for (var tick = 0; tick < 60; tick++)
        {
            if (tick == 30)
            {
                node.StepWallClock(TimeSpan.FromHours(-1));
            }

            node.Process(300, "leaky", residentKb: 200_000 + (tick * 4_000));
            engine.Analyze(node.Read());
        }

        var growth = engine.Processes.Single().Judgement.GrowthBytesPerSecond;
        Assert.Equal(4_000 * 1024 / 15.0, growth, 1.0);
    }
}
