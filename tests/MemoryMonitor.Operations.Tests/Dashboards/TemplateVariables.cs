using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// Substitutes Grafana's template variables in PromQL as Grafana would for the test's agent: the dashboard
/// variables with "All" (the <c>.*</c> allValue), the built-in intervals with what suits a 1 s scrape.
/// </summary>
internal static partial class TemplateVariables
{
    /// <summary>Dashboard variables: the value each gets here. "All" for the selectors, 10 for the top N.</summary>
    public static IReadOnlyDictionary<string, string> Dashboard { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cluster"] = ".*",
        ["instance"] = ".*",
        ["namespace"] = ".*",
        ["pod"] = ".*",
        ["container"] = ".*",
        ["container_id"] = ".*",
        ["comm"] = ".*",
        ["topn"] = "10",
    };

    /// <summary>Grafana's built-ins. $__rate_interval is at least four scrape intervals; 1m is what Grafana picks for short ranges.</summary>
    public static IReadOnlyDictionary<string, string> BuiltIn { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "2s",
        ["__interval_ms"] = "2000",
        ["__range"] = "1m",
        ["__range_s"] = "60",
        ["__range_ms"] = "60000",
    };

    public static string Substitute(string expression) =>
        Reference().Replace(expression, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return Dashboard.TryGetValue(name, out var value) || BuiltIn.TryGetValue(name, out value)
                ? value
                : throw new InvalidOperationException($"unknown template variable ${name} in: {expression}");
        });

    /// <summary>The variable names an expression uses ($name, ${name} or ${name:format}).</summary>
    public static IEnumerable<string> Names(string expression) =>
        Reference().Matches(expression).Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value);

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\$(?<plain>\w+)")]
    private static partial Regex Reference();
}
