using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>
/// Every alert has a promtool unit test in which it fires and one in which it must not: an alert_rule_test with
/// an empty exp_alerts, or a promql_expr_test over its ALERTS series that expects nothing.
/// </summary>
public sealed partial class AlertTestCoverageTests
{
    [Fact]
    public void Every_alert_severity_is_tested_firing_and_every_alert_is_tested_not_firing()
    {
        var firing = new HashSet<(string Alert, string Severity)>();
        var silent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in RuleFiles.TestFilePaths)
        {
            foreach (var test in RuleFiles.Sequence(RuleFiles.LoadYaml(file), "tests"))
            {
                foreach (var check in RuleFiles.Sequence(test, "alert_rule_test"))
                {
                    var alert = RuleFiles.Scalar(check, "alertname")!;
                    var expected = RuleFiles.Sequence(check, "exp_alerts").ToList();
                    if (expected.Count == 0)
                    {
                        silent.Add(alert);
                    }

                    foreach (var labels in expected.Select(e => (YamlMappingNode)e.Children[new YamlScalarNode("exp_labels")]))
                    {
                        firing.Add((alert, RuleFiles.Scalar(labels, "severity") ?? ""));
                    }
                }

                foreach (var query in RuleFiles.Sequence(test, "promql_expr_test").Where(q => !RuleFiles.Sequence(q, "exp_samples").Any()))
                {
                    if (AlertsSelector().Match(RuleFiles.Scalar(query, "expr") ?? "") is { Success: true } match)
                    {
                        silent.Add(match.Groups[1].Value);
                    }
                }
            }
        }

        var missing = RuleFiles.Alerts
            .Select(a => (Alert: a.Alert!, Severity: a.Labels.GetValueOrDefault("severity", "")))
            .Where(a => !firing.Contains(a))
            .Select(a => $"{a.Alert} ({a.Severity}): no test in which it fires")
            .Concat(RuleFiles.Alerts.Select(a => a.Alert!).Distinct().Where(a => !silent.Contains(a)).Select(a => $"{a}: no test in which it must not fire"))
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [GeneratedRegex("""ALERTS\{alertname="([A-Za-z]+)"[^}]*\}""")]
    private static partial Regex AlertsSelector();
}
