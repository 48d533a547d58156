using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Tests.Health;
using MemoryMonitor.Baselines;

namespace MemoryMonitor.Analysis.Tests.Judgement;

/// <summary>
/// The engine over a procfs tree whose process memory the test drives tick by tick, with a real SQLite
/// baseline store: a restarted service (new pid, same executable identity) is judged against its own past.
/// </summary>
public sealed class BaselineAcrossRestartsTests : IDisposable
{
    private static readonly AnalysisSettings Settings = new() { HistoryCapacity = 32, DnaEveryTicks = 8, LeakEveryTicks = 1, ForestRefitTicks = 1000 };
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("memmon-baselines-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public void A_restarted_service_that_behaves_as_before_shows_little_drift()
    {
        Run(pid: 4100, Steady);

        var drift = Run(pid: 4200, Steady);

        Assert.InRange(drift, 0, 0.3);
    }

    [Fact]
    public void A_restarted_service_that_now_leaks_drifts_from_the_baseline_it_learnt_before_the_restart()
    {
        Run(pid: 4100, Steady);

        var drift = Run(pid: 4200, Leaking);

        Assert.True(drift >= 0.5, $"drift {drift}");
    }

    [Fact]
    public void Without_a_learnt_past_a_new_service_is_compared_only_with_its_own_recent_self()
    {
        // The same leak that drifts far from a steady past (above) drifts little from a baseline it started itself.
        Assert.InRange(Run(pid: 4300, Leaking), 0, 0.3);
    }

    private static long Steady(int tick) => 200_000 + (tick % 3 * 500);

    private static long Leaking(int tick) => 200_000 + (tick * 6_000);

    /// <summary>One agent lifetime: a fresh engine over the same state directory, 64 ticks of one process; returns its last drift.</summary>
    private double Run(int pid, Func<int, long> residentKb)
    {
        using var node = new NodeTree();
        using var store = BaselineStore.Open(_state.FullName, message => Assert.Fail(message));
        var engine = new AnalysisEngine(Settings, store);
        var drift = double.NaN;
        for (var tick = 0; tick < 64; tick++)
        {
            node.Process(pid, "billing-api", residentKb(tick));
            engine.Analyze(node.Read());
            drift = engine.Processes.Single().Judgement.DnaDrift;
        }

        return drift;
    }
}
