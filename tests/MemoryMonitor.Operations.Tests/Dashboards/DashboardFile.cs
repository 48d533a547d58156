using System.Text.Json.Nodes;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>A dashboard JSON file of dashboards/, with its panels flattened out of rows.</summary>
internal sealed class DashboardFile
{
    private DashboardFile(string path, JsonObject root)
    {
        Path = path;
        Root = root;
        Panels = Flatten(root["panels"]?.AsArray() ?? []).ToList();
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public JsonObject Root { get; }

    /// <summary>Every panel, rows included, with the panels of collapsed rows.</summary>
    public IReadOnlyList<JsonObject> Panels { get; }

    public string Uid => Root["uid"]?.GetValue<string>() ?? string.Empty;

    public IEnumerable<JsonObject> Variables => (Root["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>();

    /// <summary>Every query of every panel, in panel order.</summary>
    public IEnumerable<PanelQuery> Queries =>
        from panel in Panels
        from target in (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>()
        where target["expr"] is not null
        select new PanelQuery(
            this,
            panel["title"]?.GetValue<string>() ?? string.Empty,
            panel["type"]?.GetValue<string>() ?? string.Empty,
            target["refId"]?.GetValue<string>() ?? string.Empty,
            target["expr"]!.GetValue<string>(),
            target["legendFormat"]?.GetValue<string>() ?? string.Empty,
            target["instant"]?.GetValue<bool>() == true && target["range"]?.GetValue<bool>() != true);

    public static IReadOnlyList<DashboardFile> LoadAll() =>
        Directory.GetFiles(RepositoryRoot.Combine("dashboards"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    public static DashboardFile Load(string path) =>
        new(path, JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: not a JSON object"));

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Flatten(panel["panels"]?.AsArray() ?? []))
            {
                yield return nested;
            }
        }
    }
}

/// <summary>One target of one panel: the PromQL as written, with Grafana's template variables still in it.</summary>
internal sealed record PanelQuery(DashboardFile Dashboard, string PanelTitle, string PanelType, string RefId, string Expression, string LegendFormat, bool Instant)
{
    public override string ToString() => $"{Dashboard.Name} / \"{PanelTitle}\" {RefId}";
}
