using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Tests.Health;

namespace MemoryMonitor.Analysis.Tests.Judgement;

/// <summary>The engine over more processes than it may analyse: state for the bound only, and judgements only where it holds state.</summary>
public sealed class AnalysisBoundTests
{
    [Fact]
    public void Beyond_the_bound_only_the_bound_is_analysed_and_the_largest_are_among_them()
    {
        using var node = new NodeTree();
        var engine = new AnalysisEngine(new AnalysisSettings { MaxAnalysedProcesses = 10, HistoryCapacity = 16, LeakEveryTicks = 1 }, baselines: null);
        for (var tick = 0; tick < 40; tick++)
        {
            for (var pid = 100; pid < 130; pid++)
            {
                node.Process(pid, "worker", residentKb: 10_000 + (pid * 100));
            }

            engine.Analyze(node.Read());
        }

        Assert.Equal(30, engine.Processes.Count);
        Assert.Equal(10, engine.AnalysedCount);
        var judged = engine.Processes.Where(p => !ReferenceEquals(p.Judgement, ProcessJudgement.Unjudged)).Select(p => p.Process.Pid).ToHashSet();
        Assert.Equal(10, judged.Count);
        Assert.Subset(judged, new HashSet<int> { 129, 128, 127, 126, 125 });
        // The largest were analysed throughout: their histories are full. The rest hold nothing.
        Assert.All(engine.Processes.Where(p => p.Process.Pid >= 125), p => Assert.Equal(16, engine.SamplesOf(p.Process)));
        Assert.All(engine.Processes.Where(p => !judged.Contains(p.Process.Pid)), p => Assert.Equal(0, engine.SamplesOf(p.Process)));
    }

    [Fact]
    public void Within_the_bound_every_process_is_analysed()
    {
        using var node = new NodeTree();
        var engine = new AnalysisEngine(new AnalysisSettings { MaxAnalysedProcesses = 30 }, baselines: null);
        for (var pid = 100; pid < 130; pid++)
        {
            node.Process(pid, "worker", residentKb: 10_000);
        }

        engine.Analyze(node.Read());

        Assert.Equal(30, engine.AnalysedCount);
    }
}
