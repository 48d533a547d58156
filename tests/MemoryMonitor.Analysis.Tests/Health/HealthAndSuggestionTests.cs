using System.Globalization;
using MemoryMonitor.Analysis.Health;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Optimisation;

namespace MemoryMonitor.Analysis.Tests.Health;

public sealed class HealthAndSuggestionTests : IDisposable
{
    private static readonly double LeakThreshold = new AnalysisSettings().FlagThreshold;
    private readonly NodeTree _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void A_roomy_calm_node_scores_100_with_nothing_to_fix()
    {
        _node.Process(100, "web", residentKb: 200_000);
        var inputs = Inputs();

        var health = HealthScorer.Score(inputs);

        Assert.Equal(100, health.Score);
        Assert.Empty(health.Factors);
        Assert.All(SuggestionEngine.Suggest(inputs), s => Assert.Equal(SuggestionPriority.Info, s.Priority));
    }

    [Fact]
    public void A_node_short_of_memory_stalling_and_oom_killing_scores_low_with_each_factor_explained()
    {
        var before = Inputs();
        _node.Meminfo(totalKb: 16_000_000, availableKb: 480_000);
        _node.Pressure(someAvg60: 25, fullAvg60: 12);
        _node.Vmstat(swapIn: 0, swapOut: 0, oomKills: 2);

        var health = HealthScorer.Score(Inputs(before));

        Assert.InRange(health.Score, 0, 25);
        Assert.Equal(["low_available_memory", "full_memory_stalls", "oom_kills", "memory_pressure_stalls"], health.Factors.Select(f => f.Name));
        Assert.Contains("3.0% of memory available", Invariant(health.Factors[0].Evidence), StringComparison.Ordinal);
        Assert.Equal([new ByteCount(480_000 * 1024.0), new ByteCount(16_000_000 * 1024.0)], health.Factors[0].Evidence.GetArguments().OfType<ByteCount>());
        Assert.Contains("2 process(es) killed", Invariant(health.Factors[2].Evidence), StringComparison.Ordinal);
    }

    [Fact]
    public void Health_falls_steadily_as_available_memory_shrinks()
    {
        var scores = new List<double>();
        foreach (var availableKb in new[] { 4_000_000L, 2_400_000, 1_600_000, 800_000 })
        {
            _node.Meminfo(totalKb: 16_000_000, availableKb: availableKb);
            scores.Add(HealthScorer.Score(Inputs()).Score);
        }

        Assert.Equal(scores.OrderDescending(), scores);
        Assert.True(scores[0] > scores[^1] + 20);
    }

    [Fact]
    public void Swap_thrash_is_measured_as_a_rate_between_readings()
    {
        var before = Inputs();
        _node.Vmstat(swapIn: 9000, swapOut: 9000, oomKills: 0);

        var inputs = Inputs(before);

        Assert.Equal(18000.0 / 15, inputs.SwapPagesPerSecond, 6);
        Assert.Contains(HealthScorer.Score(inputs).Factors, f => f.Name == "swap_thrash" && f.Penalty == 15);
        Assert.Contains(SuggestionEngine.Suggest(inputs), s => s.Category == "swap" && s.Priority == SuggestionPriority.High);
    }

    [Fact]
    public void Low_memory_comes_first_among_suggestions_and_is_critical()
    {
        _node.Process(100, "big", residentKb: 9_000_000);
        _node.Meminfo(totalKb: 16_000_000, availableKb: 600_000);

        var suggestions = SuggestionEngine.Suggest(Inputs());

        Assert.Equal(("capacity", SuggestionPriority.Critical), (suggestions[0].Category, suggestions[0].Priority));
        var top = Assert.Single(suggestions, s => s.Category == "top-consumer");
        Assert.Contains("big (pid 100)", Invariant(top.Title), StringComparison.Ordinal);
        Assert.Equal(SuggestionPriority.Medium, top.Priority);
    }

    [Fact]
    public void A_container_near_its_limit_is_named_with_its_usage()
    {
        _node.Process(200, "java", residentKb: 500_000, containerUsage: 980_000_000, containerLimit: 1_000_000_000);

        var inputs = Inputs();

        var suggestion = Assert.Single(SuggestionEngine.Suggest(inputs), s => s.Category == "cgroup-limit");
        Assert.Contains("0123456789ab", Invariant(suggestion.Title), StringComparison.Ordinal);
        Assert.Contains("98%", Invariant(suggestion.Evidence), StringComparison.Ordinal);
        Assert.Contains(HealthScorer.Score(inputs).Factors, f => f.Name == "containers_near_limit");
    }

    [Fact]
    public void A_leak_suspect_is_suggested_with_its_growth_and_time_to_exhaustion()
    {
        _node.Process(300, "leaky", residentKb: 300_000);
        var sweep = _node.Read();
        var judgement = new ProcessJudgement { LeakRisk = 0.93, GrowthBytesPerSecond = 1 << 20, ExhaustionSeconds = 1800, Pattern = "growing" };
        var inputs = new HealthInputs(sweep.System, null, [.. sweep.Processes.Select(p => new JudgedProcess(p, judgement))], sweep.Containers, LeakThreshold);

        var leak = Assert.Single(SuggestionEngine.Suggest(inputs), s => s.Category == "leak");

        Assert.Equal(SuggestionPriority.Critical, leak.Priority);
        Assert.Contains("leaky (pid 300)", Invariant(leak.Title), StringComparison.Ordinal);
        // The CLI renders these as "3.5 GiB/h" and "30 min" (EvidenceTextTests in the agent tests).
        Assert.Contains(new ByteCount(3600.0 * (1 << 20)), Arguments(leak.Evidence));
        Assert.Contains(new SecondCount(1800), Arguments(leak.Evidence));
        Assert.Contains("/h (growing), its limit is reached in about ", Invariant(leak.Evidence), StringComparison.Ordinal);
    }

    [Fact]
    public void Fragmentation_suggests_compaction_as_the_only_safe_action()
    {
        _node.Buddyinfo("Node 0, zone   Normal   9000 4000 100 0 0 0 0 0 0 0 0");

        var suggestions = SuggestionEngine.Suggest(Inputs());

        var compact = Assert.Single(suggestions, s => s.Action != SafeAction.None);
        Assert.Equal(("fragmentation", SafeAction.CompactMemory), (compact.Category, compact.Action));
    }

    /// <summary>The evidence with every argument, inside optional clauses too, in the order it is written.</summary>
    private static IEnumerable<object?> Arguments(FormattableString text) =>
        text.GetArguments().SelectMany(a => a is FormattableString clause ? Arguments(clause) : [a]);

    /// <summary>The text Analysis leaves for the host to render, with its byte and time arguments as their record form.</summary>
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private HealthInputs Inputs(HealthInputs? previous = null)
    {
        var sweep = _node.Read();
        return new HealthInputs(sweep.System, previous?.Current, [.. sweep.Processes.Select(p => new JudgedProcess(p, new ProcessJudgement()))], sweep.Containers, LeakThreshold);
    }
}
