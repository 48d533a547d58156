using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// What Grafana needs to import and to provision the dashboards from files or the kube-prometheus-stack sidecar
/// (the conventions of docs/dashboards.md), checked on the JSON itself.
/// </summary>
public sealed partial class DashboardStructureTests
{
    private const string EchartsPanel = "volkovlabs-echarts-panel";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var dashboard in DashboardFile.LoadAll())
        {
            data.Add(dashboard.Name);
        }

        return data;
    }

    [Fact]
    public void The_three_dashboards_exist_with_distinct_fixed_uids()
    {
        var dashboards = DashboardFile.LoadAll();

        Assert.Equal(
            ["memmon-memory-map-3d.json", "memmon-node-overview.json", "memmon-process-drilldown.json"],
            dashboards.Select(d => d.Name).ToArray());
        Assert.Equal(
            ["memmon-memory-map-3d", "memmon-node-overview", "memmon-process-drilldown"],
            dashboards.Select(d => d.Uid).ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_is_classic_json_of_schema_39_with_uid_title_and_memmon_tag(string file)
    {
        var dashboard = Load(file);
        var root = dashboard.Root;

        Assert.Equal(39, root["schemaVersion"]!.GetValue<int>());
        Assert.Matches("^[a-z0-9-]{1,40}$", dashboard.Uid); // Grafana limits uids to 40 characters
        Assert.False(string.IsNullOrWhiteSpace(root["title"]?.GetValue<string>()));
        Assert.Contains("memmon", root["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(root["id"]?.GetValue<int?>()); // a fixed id would clash on import; the uid identifies it
        Assert.Null(root["dashboard"]); // not wrapped in an API envelope: file provisioning reads the bare model
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_panel_and_query_uses_the_datasource_variable_and_no_import_placeholder(string file)
    {
        var dashboard = Load(file);
        var text = File.ReadAllText(dashboard.Path);

        Assert.DoesNotContain("${DS_", text, StringComparison.Ordinal);
        Assert.Null(dashboard.Root["__inputs"]);
        var datasource = Assert.Single(dashboard.Variables, v => v["type"]?.GetValue<string>() == "datasource");
        Assert.Equal("datasource", datasource["name"]!.GetValue<string>());
        Assert.Equal("prometheus", datasource["query"]!.GetValue<string>());
        foreach (var panel in dashboard.Panels.Where(p => p["type"]!.GetValue<string>() != "row"))
        {
            AssertDatasourceVariable(panel["datasource"], $"panel \"{panel["title"]}\"");
            foreach (var target in panel["targets"]!.AsArray())
            {
                if (target!["datasource"] is { } targetDatasource)
                {
                    AssertDatasourceVariable(targetDatasource, $"panel \"{panel["title"]}\" target {target["refId"]}");
                }
            }
        }

        foreach (var variable in dashboard.Variables.Where(v => v["type"]?.GetValue<string>() == "query"))
        {
            AssertDatasourceVariable(variable["datasource"], $"variable {variable["name"]}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Instance_variable_lists_the_agents_and_hidden_cluster_variable_precedes_it(string file)
    {
        var variables = Load(file).Variables.ToList();
        var names = variables.Select(v => v["name"]!.GetValue<string>()).ToList();

        Assert.Equal(["datasource", "cluster", "instance"], names.Take(3));
        var cluster = variables[1];
        Assert.Equal(2, cluster["hide"]!.GetValue<int>());
        Assert.Equal(".*", cluster["allValue"]!.GetValue<string>());
        var instance = variables[2];
        Assert.Equal("label_values(memmon_system_memory_bytes{cluster=~\"$cluster\"}, instance)", instance["definition"]!.GetValue<string>());
        Assert.Equal(instance["definition"]!.GetValue<string>(), instance["query"]!["query"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_query_uses_only_defined_variables_and_filters_by_instance(string file)
    {
        var dashboard = Load(file);
        var defined = dashboard.Variables.Select(v => v["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var queries = dashboard.Queries.ToList();

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            foreach (var name in TemplateVariables.Names(query.Expression))
            {
                Assert.True(defined.Contains(name) || TemplateVariables.BuiltIn.ContainsKey(name), $"{query}: ${name} is not a variable of the dashboard");
            }

            Assert.True(query.Expression.Contains("instance=~\"$instance\"", StringComparison.Ordinal), $"{query} does not filter by $instance: {query.Expression}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_metric_a_query_names_is_documented_in_metrics_md(string file)
    {
        var documented = File.ReadAllText(RepositoryRoot.Combine("docs", "metrics.md"));

        foreach (var query in Load(file).Queries)
        {
            foreach (Match metric in MetricName().Matches(query.Expression))
            {
                // A histogram is documented by its family name; Prometheus adds _bucket, _sum and _count.
                var family = Regex.Replace(metric.Value, "_(bucket|sum|count)$", string.Empty);
                Assert.True(documented.Contains($"`{family}`", StringComparison.Ordinal), $"{query} uses {metric.Value}, which docs/metrics.md does not document");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Panels_have_unique_ids_and_fit_the_24_column_grid(string file)
    {
        var panels = Load(file).Panels;

        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        foreach (var panel in panels)
        {
            var grid = panel["gridPos"]!;
            Assert.InRange(grid["x"]!.GetValue<int>() + grid["w"]!.GetValue<int>(), 1, 24);
            Assert.True(grid["h"]!.GetValue<int>() > 0);
            Assert.False(string.IsNullOrWhiteSpace(panel["title"]?.GetValue<string>()), "every panel has a title");
        }
    }

    [Fact]
    public void Memory_map_declares_business_charts_and_has_a_code_panel_with_a_2d_fallback_beside_it()
    {
        var dashboard = Load("memmon-memory-map-3d.json");

        var requires = dashboard.Root["__requires"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Contains(requires, r => r["type"]!.GetValue<string>() == "panel" && r["id"]!.GetValue<string>() == EchartsPanel);
        var map = Assert.Single(dashboard.Panels, p => p["type"]!.GetValue<string>() == EchartsPanel);
        var options = map["options"]!;
        Assert.Equal("code", options["editorMode"]!.GetValue<string>());
        var code = options["getOption"]!.GetValue<string>();
        Assert.Contains("context.panel.data", code, StringComparison.Ordinal);
        Assert.Contains("bar3D", code, StringComparison.Ordinal);
        Assert.Contains("grid3D", code, StringComparison.Ordinal);
        var fallback = Assert.Single(dashboard.Panels, p =>
            p["type"]!.GetValue<string>() == "timeseries" && p["gridPos"]!["y"]!.GetValue<int>() == map["gridPos"]!["y"]!.GetValue<int>());
        Assert.Equal(
            map["targets"]![0]!["expr"]!.GetValue<string>(),
            fallback["targets"]![0]!["expr"]!.GetValue<string>());
    }

    private static DashboardFile Load(string file) => DashboardFile.Load(RepositoryRoot.Combine("dashboards", file));

    private static void AssertDatasourceVariable(JsonNode? datasource, string where)
    {
        Assert.True(datasource is JsonObject, $"{where}: no datasource object");
        Assert.Equal("prometheus", datasource!["type"]?.GetValue<string>());
        Assert.True(datasource["uid"]?.GetValue<string>() == "${datasource}", $"{where}: datasource uid is {datasource["uid"]}, not ${{datasource}}");
    }

    [GeneratedRegex(@"\bmemmon_[a-z_]+\b")]
    private static partial Regex MetricName();
}
