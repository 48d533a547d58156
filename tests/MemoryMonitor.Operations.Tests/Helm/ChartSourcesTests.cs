using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Helm;

/// <summary>
/// The chart embeds copies of alerting-rules/ and dashboards/ (scripts/sync-chart.sh). One source of truth: the copies
/// must be byte-identical to their sources, with none missing and none left over.
/// </summary>
public sealed partial class ChartSourcesTests
{
    [Fact]
    public void Embedded_rules_equal_alerting_rules() =>
        AssertCopies(RepositoryRoot.Combine("alerting-rules"), Chart.PathOf("rules"),
            file => (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
                && File.ReadLines(file).Any(line => line.StartsWith("groups:", StringComparison.Ordinal)));

    [Fact]
    public void Embedded_dashboards_equal_dashboards() =>
        AssertCopies(RepositoryRoot.Combine("dashboards"), Chart.PathOf("dashboards"), file => file.EndsWith(".json", StringComparison.Ordinal));

    [Fact]
    [Trait("Category", "Integration")]
    public Task Sync_script_check_agrees() =>
        ExternalCommand.RunAsync(RepositoryRoot.Combine("scripts", "sync-chart.sh"), ["--check"], TimeSpan.FromSeconds(30));

    /// <summary>
    /// A guard that needs no helm: every .Values path the templates use exists in values.yaml (a typo
    /// renders as an empty value under helm, silently) and every action is closed.
    /// </summary>
    [Fact]
    public void Templates_use_only_values_that_exist_and_close_every_action()
    {
        var values = Chart.LoadValues()!.AsObject();
        foreach (var template in Directory.EnumerateFiles(Chart.PathOf("templates")))
        {
            var text = File.ReadAllText(template);
            Assert.Equal(Regex.Count(text, "\\{\\{"), Regex.Count(text, "\\}\\}"));
            foreach (Match match in ValuesPath().Matches(text))
            {
                System.Text.Json.Nodes.JsonNode? node = values;
                foreach (var key in match.Groups[1].Value.Split('.'))
                {
                    Assert.True(node is System.Text.Json.Nodes.JsonObject map && map.ContainsKey(key),
                        $"{Path.GetFileName(template)} uses .Values.{match.Groups[1].Value}, which values.yaml does not define");
                    node = node![key];
                }
            }
        }
    }

    private static void AssertCopies(string sourceDirectory, string copyDirectory, Func<string, bool> isSource)
    {
        var sources = Directory.Exists(sourceDirectory)
            ? Directory.EnumerateFiles(sourceDirectory).Where(isSource).ToDictionary(f => Path.GetFileName(f), f => f)
            : [];
        var copies = Directory.Exists(copyDirectory)
            ? Directory.EnumerateFiles(copyDirectory).Where(f => Path.GetFileName(f) != ".gitkeep").ToDictionary(f => Path.GetFileName(f), f => f)
            : [];

        Assert.Equal(sources.Keys.Order(StringComparer.Ordinal), copies.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, source) in sources)
        {
            Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(copies[name])),
                $"{copies[name]} differs from {source}: run scripts/sync-chart.sh");
        }
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesPath();
}
