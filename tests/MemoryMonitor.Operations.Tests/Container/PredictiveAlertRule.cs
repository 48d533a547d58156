using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// The predictive container-memory alert, with windows short enough for a test: predict_linear over 30 s predicting
/// 60 s ahead, `for: 5s`, evaluated every second. Taken from alerting-rules/memmon-rules.yaml when that file has a
/// predict_linear rule on memmon_container_memory_* (its range selectors, horizon and `for` substituted), so the test
/// exercises the shipped expression; otherwise the same shape written here (node-mixin's pattern: a current-state
/// guard AND predict_linear).
/// </summary>
internal sealed partial record PredictiveAlertRule(string AlertName, string Expression, string Source)
{
    /// <summary>Recording rules the shipped expression uses (name, shortened expression), emitted before the alert.</summary>
    public IReadOnlyList<(string Record, string Expression)> Recordings { get; init; } = [];

    public const string Window = "30s";
    public const int HorizonSeconds = 60;
    public const string For = "5s";

    private const string BuiltInName = "MemmonContainerMemoryFillingUp";

    private const string BuiltInExpression =
        "memmon_container_memory_unreclaimable_bytes / memmon_container_memory_effective_limit_bytes > 0.3\n" +
        "and\n" +
        "predict_linear(memmon_container_memory_unreclaimable_bytes[6h], 4 * 3600) > memmon_container_memory_effective_limit_bytes";

    public static PredictiveAlertRule Load()
    {
        var file = RepositoryRoot.Combine("alerting-rules", "memmon-rules.yaml");
        if (File.Exists(file))
        {
            using var reader = new StreamReader(file);
            var yaml = new YamlStream();
            yaml.Load(reader);
            var recordings = new List<(string, string)>();
            foreach (var rule in Rules(yaml))
            {
                if (rule.Children.TryGetValue(new YamlScalarNode("record"), out var record) && rule.Children.TryGetValue(new YamlScalarNode("expr"), out var recorded))
                {
                    recordings.Add((record.ToString(), Shorten(recorded.ToString())));
                }

                if (rule.Children.TryGetValue(new YamlScalarNode("alert"), out var name)
                    && rule.Children.TryGetValue(new YamlScalarNode("expr"), out var expr)
                    && expr.ToString() is var text
                    && text.Contains("predict_linear(", StringComparison.Ordinal)
                    && text.Contains("memmon_container_memory", StringComparison.Ordinal))
                {
                    // Recording rules come before the alerts that use them in the file, so the ones seen so far suffice.
                    return new PredictiveAlertRule(name.ToString(), Shorten(text), "alerting-rules/memmon-rules.yaml")
                    {
                        Recordings = [.. recordings.Where(r => text.Contains(r.Item1, StringComparison.Ordinal))],
                    };
                }
            }
        }

        return new PredictiveAlertRule(BuiltInName, Shorten(BuiltInExpression), "built-in (alerting-rules/memmon-rules.yaml has no predictive container rule)");
    }

    /// <summary>Every range selector becomes [30s] and every predict_linear horizon 60 (seconds).</summary>
    public static string Shorten(string expression)
    {
        var windows = RangeSelector().Replace(expression, $"[{Window}]");
        return Horizon().Replace(windows, m => $"{m.Groups[1].Value}{HorizonSeconds})");
    }

    public string ToRuleFile() => $"""
        groups:
          - name: memmon-e2e
            interval: 1s
            rules:
        {string.Concat(Recordings.Select(r => $"      - record: {r.Record}\n        expr: |\n{string.Join('\n', r.Expression.Split('\n').Select(line => "            " + line))}\n"))}      - alert: {AlertName}
                expr: |
        {string.Join('\n', Expression.Split('\n').Select(line => "              " + line))}
                for: {For}
                labels:
                  severity: warning
        """;

    private static IEnumerable<YamlMappingNode> Rules(YamlStream yaml)
    {
        foreach (var document in yaml.Documents)
        {
            if (document.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("groups"), out var groups) && groups is YamlSequenceNode groupList)
            {
                foreach (var group in groupList.OfType<YamlMappingNode>())
                {
                    if (group.Children.TryGetValue(new YamlScalarNode("rules"), out var rules) && rules is YamlSequenceNode ruleList)
                    {
                        foreach (var rule in ruleList.OfType<YamlMappingNode>())
                        {
                            yield return rule;
                        }
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"\[\s*\d+[smhdwy](?:\d+[smh])*\s*(?::\s*\d*[smhdwy]?\s*)?\]")]
    private static partial Regex RangeSelector();

    // predict_linear(<vector with a [30s] range>, <horizon>): the horizon has no parentheses in any rule we write.
    [GeneratedRegex(@"(predict_linear\([^\[]*\[[^\]]*\][^,]*,\s*)[^)]+\)")]
    private static partial Regex Horizon();
}
