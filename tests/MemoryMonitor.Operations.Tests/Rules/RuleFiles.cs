using YamlDotNet.RepresentationModel;

namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>
/// The alerting kit under alerting-rules/: rule files (*.yaml at the top), their promtool unit tests
/// (tests/*.yaml) and the Alertmanager example. Paths are relative to the repository root, as promtool gets them.
/// </summary>
internal static class RuleFiles
{
    public const string Directory = "alerting-rules";

    public const string AlertmanagerConfig = "alerting-rules/alertmanager.yml";

    public static IReadOnlyList<string> RuleFilePaths { get; } = List(Directory);

    public static IReadOnlyList<string> TestFilePaths { get; } = List(Path.Combine(Directory, "tests"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } = RuleFilePaths.SelectMany(Load).ToList();

    public static IEnumerable<RuleDefinition> Alerts => Rules.Where(r => r.Alert is not null);

    public static YamlMappingNode LoadYaml(string relativePath)
    {
        using var reader = new StreamReader(RepositoryRoot.Combine(relativePath));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.Cast<YamlMappingNode>()
            : [];

    private static List<string> List(string relativeDirectory)
    {
        var files = System.IO.Directory.GetFiles(RepositoryRoot.Combine(relativeDirectory), "*.yaml")
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new InvalidOperationException($"no *.yaml files in {relativeDirectory}");
    }

    private static IEnumerable<RuleDefinition> Load(string relativePath)
    {
        foreach (var group in Sequence(LoadYaml(relativePath), "groups"))
        {
            foreach (var rule in Sequence(group, "rules"))
            {
                yield return new RuleDefinition(
                    relativePath,
                    Scalar(rule, "record"),
                    Scalar(rule, "alert"),
                    Scalar(rule, "expr") ?? "",
                    Map(rule, "labels"),
                    Map(rule, "annotations"));
            }
        }
    }

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : [];
}
