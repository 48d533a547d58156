using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>
/// The rules use only metrics that docs/metrics.md documents (the contract, named once in MetricNames.cs), so a
/// renamed metric breaks this test rather than silently emptying an alert.
/// </summary>
public sealed partial class RuleMetricContractTests
{
    [Fact]
    public void Every_memmon_metric_in_the_rules_is_documented_in_docs_metrics_md()
    {
        var documented = DocumentedMetrics();
        var undocumented = RuleFiles.Rules
            .SelectMany(rule => ReferencedMetrics(rule).Select(metric => (rule, metric)))
            .Where(x => !documented.Contains(x.metric) && !documented.Contains(HistogramSuffix().Replace(x.metric, "")))
            .Select(x => $"{x.rule}: {x.metric}")
            .Distinct()
            .ToList();

        Assert.True(documented.Count > 20, $"only {documented.Count} metrics found in docs/metrics.md: is the parser still right?");
        Assert.True(undocumented.Count == 0, "not in docs/metrics.md:\n" + string.Join('\n', undocumented));
    }

    [Fact]
    public void Every_recording_rule_used_is_defined_and_follows_level_metric_operations()
    {
        var defined = RuleFiles.Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);
        var problems = RuleFiles.Rules
            .SelectMany(rule => RecordingRuleName().Matches(rule.Expr).Select(m => (rule, name: m.Value)))
            .Where(x => !defined.Contains(x.name))
            .Select(x => $"{x.rule}: uses {x.name}, which no rule records")
            .Concat(defined.Where(name => name.Split(':').Length != 3).Select(name => $"{name}: not level:metric:operations"))
            .ToList();

        Assert.NotEmpty(defined);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_metric_scan_finds_names_and_skips_recording_rules_and_label_values()
    {
        var rule = new RuleDefinition("x.yaml", null, "X",
            "instance:memmon_memory_headroom:ratio < 0.2 and up{job=~\"memmon.*\"} and rate(memmon_agent_sweeps_total[5m]) == 0",
            new Dictionary<string, string>(), new Dictionary<string, string> { ["description"] = "see memmon_system_memory_health_penalty" });

        Assert.Equal(["memmon_agent_sweeps_total", "memmon_system_memory_health_penalty"], ReferencedMetrics(rule).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> ReferencedMetrics(RuleDefinition rule)
    {
        var text = string.Join('\n', [rule.Expr, .. rule.Annotations.Values]);
        return MetricName().Matches(RecordingRuleName().Replace(text, " ")).Select(m => m.Value).Distinct();
    }

    private static HashSet<string> DocumentedMetrics() =>
        BacktickedMetric().Matches(File.ReadAllText(RepositoryRoot.Combine("docs", "metrics.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])[a-zA-Z_][a-zA-Z0-9_]*(?::[a-zA-Z0-9_]+)+")]
    private static partial Regex RecordingRuleName();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])memmon_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"`(memmon_[a-z_]+)`")]
    private static partial Regex BacktickedMetric();

    [GeneratedRegex(@"_(bucket|count|sum)$")]
    private static partial Regex HistogramSuffix();
}
