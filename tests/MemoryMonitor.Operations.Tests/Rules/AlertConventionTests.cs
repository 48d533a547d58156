namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>Every alert carries what on-call needs: a known severity, a summary, a description and a runbook that exists.</summary>
public sealed class AlertConventionTests
{
    private const string RunbookUrlPrefix = "https://github.com/memorymonitor/memorymonitor/blob/main/docs/runbooks.md#";

    private static readonly string[] Severities = ["warning", "critical"];

    [Fact]
    public void Every_alert_has_severity_summary_description_and_runbook_url()
    {
        var problems = new List<string>();
        foreach (var alert in RuleFiles.Alerts)
        {
            if (!Severities.Contains(alert.Labels.GetValueOrDefault("severity")))
            {
                problems.Add($"{alert}: severity must be one of {string.Join(", ", Severities)}");
            }

            foreach (var annotation in new[] { "summary", "description", "runbook_url" })
            {
                if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault(annotation)))
                {
                    problems.Add($"{alert}: no '{annotation}' annotation");
                }
            }

            if (!alert.Annotations.GetValueOrDefault("description", "").Contains("$labels.instance", StringComparison.Ordinal))
            {
                problems.Add($"{alert}: the description does not name the instance");
            }
        }

        Assert.NotEmpty(RuleFiles.Alerts);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_runbook_url_points_at_a_heading_of_docs_runbooks_md_named_after_the_alert()
    {
        var anchors = MarkdownAnchors.Of(File.ReadAllText(RepositoryRoot.Combine("docs", "runbooks.md")));
        var problems = new List<string>();
        foreach (var alert in RuleFiles.Alerts)
        {
            var url = alert.Annotations.GetValueOrDefault("runbook_url", "");
            var expected = RunbookUrlPrefix + alert.Alert!.ToLowerInvariant();
            if (url != expected)
            {
                problems.Add($"{alert}: runbook_url is '{url}', expected '{expected}'");
            }
            else if (!anchors.Contains(alert.Alert.ToLowerInvariant()))
            {
                problems.Add($"{alert}: docs/runbooks.md has no heading '{alert.Alert}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Alerts_of_one_name_differ_in_severity()
    {
        var clashes = RuleFiles.Alerts
            .GroupBy(a => (a.Alert, Severity: a.Labels.GetValueOrDefault("severity")))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Alert} has {g.Count()} rules with severity {g.Key.Severity}");

        Assert.Empty(clashes);
    }
}
