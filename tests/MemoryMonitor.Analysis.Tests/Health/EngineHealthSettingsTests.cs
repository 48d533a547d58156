using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Analysis.Tests.Health;

/// <summary>
/// The engine scores health with the settings it was given, not with copies of their defaults: regression
/// tests for the fragmentation order (the health penalty used order 9 whatever --fragmentation-order said) and
/// the leak threshold (the leak-suspect factor used a constant 0.8 whatever --leak-threshold said).
/// </summary>
public sealed class EngineHealthSettingsTests
{
    [Fact]
    public void The_fragmentation_penalty_judges_the_configured_order()
    {
        // Free memory only in blocks of order 0-2: useless for order 9 (2 MiB), fine for order 2.
        const string Zone = "Node 0, zone   Normal   100 100 1000 0 0 0 0 0 0 0 0";

        Assert.Contains("fragmentation", PenaltiesAfterOneTick(fragmentationOrder: 9, Zone));
        Assert.DoesNotContain("fragmentation", PenaltiesAfterOneTick(fragmentationOrder: 2, Zone));
    }

    [Fact]
    public void The_fragmentation_evidence_names_the_configured_order()
    {
        using var node = new NodeTree(fragmentationOrder: 4);
        node.Buddyinfo("Node 0, zone   Normal   9000 4000 100 0 0 0 0 0 0 0 0");
        var engine = new AnalysisEngine(new AnalysisSettings(), baselines: null);

        engine.Analyze(node.Read());

        var factor = Assert.Single(engine.System.Health.Factors, f => f.Name == "fragmentation");
        Assert.Contains("order-4 allocations", factor.Evidence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_leak_suspect_is_counted_at_the_configured_leak_threshold()
    {
        using var node = new NodeTree();
        var threshold = 0.05;
        var engine = new AnalysisEngine(new AnalysisSettings { FlagThreshold = threshold, LeakEveryTicks = 1 }, baselines: null);
        for (var tick = 0; tick < 60; tick++)
        {
            node.Process(300, "leaky", residentKb: 200_000 + (tick * 4_000));
            engine.Analyze(node.Read());
        }

        var risk = engine.Processes.Single().Judgement.LeakRisk;
        Assert.InRange(risk, threshold, 0.79);

        var factor = Assert.Single(engine.System.Health.Factors, f => f.Name == "leak_suspects");
        Assert.Contains("leak risk >= 0.05", factor.Evidence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(threshold, engine.HealthInputs!.LeakThreshold);
    }

    private static List<string> PenaltiesAfterOneTick(int fragmentationOrder, string zone)
    {
        using var node = new NodeTree(fragmentationOrder);
        node.Buddyinfo(zone);
        var engine = new AnalysisEngine(new AnalysisSettings(), baselines: null);
        engine.Analyze(node.Read());
        return [.. engine.System.Health.Factors.Select(f => f.Name)];
    }
}
