using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// Every query of every dashboard, run by the real Prometheus on what it scraped from the real agent, and the
/// 3D memory map's script rendered in headless Chromium on real query results (Grafana itself cannot run here).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DashboardQueryTests(LiveAgent live, ITestOutputHelper output) : IClassFixture<LiveAgent>
{
    /// <summary>
    /// Panels whose queries may legitimately return nothing on a healthy machine without containers
    /// (this one and CI's); every other query must return data. Also listed in docs/dashboards.md.
    /// </summary>
    private static readonly Dictionary<(string Uid, string Panel), string> MayBeEmpty = new()
    {
        [("memmon-node-overview", "Exhaustion forecast")] = "absent while used memory is not growing",
        [("memmon-node-overview", "Health penalties by factor")] = "a factor appears only while it costs points; a healthy node has none",
        [("memmon-node-overview", "Penalties now")] = "as above",
        [("memmon-node-overview", "Read errors")] = "the counter appears with the first failed read",
        [("memmon-process-drilldown", "Time to exhaustion")] = "only growing processes have a forecast",
        [("memmon-process-drilldown", "Container memory usage")] = "no containers on the test machine",
        [("memmon-process-drilldown", "Container usage / limit")] = "no containers with a memory limit on the test machine",
        [("memmon-process-drilldown", "Resident memory by pod")] = "no Kubernetes pods on the test machine",
    };

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Every_panel_query_succeeds_in_prometheus_and_returns_data_unless_listed_as_possibly_empty()
    {
        var queries = DashboardFile.LoadAll().SelectMany(d => d.Queries).ToList();
        var end = DateTimeOffset.UtcNow;
        var failures = new StringBuilder();
        var empty = new List<string>();
        var timer = Stopwatch.StartNew();

        foreach (var query in queries)
        {
            var promql = TemplateVariables.Substitute(query.Expression);
            var instant = await live.Prometheus.InstantAsync(promql, end);
            var range = await live.Prometheus.RangeAsync(promql, live.ScrapeStart, end, Step);
            if (!instant.IsSuccess || !range.IsSuccess)
            {
                failures.AppendLine($"{query}: {instant.Status}/{range.Status} {instant.Error ?? range.Error}\n    {promql}");
                continue;
            }

            // The panel sees what Grafana asks for: an instant query for instant targets, else a range query.
            var seen = query.Instant ? instant.Series.Count : range.Series.Count;
            output.WriteLine($"{seen,4} series  {query}");
            if (seen > 0)
            {
                continue;
            }

            if (MayBeEmpty.ContainsKey((query.Dashboard.Uid, query.PanelTitle)))
            {
                empty.Add(query.ToString());
            }
            else
            {
                failures.AppendLine($"{query}: no data\n    {promql}");
            }
        }

        output.WriteLine($"{queries.Count} queries, instant and range, in {timer.Elapsed.TotalSeconds:0.0} s after a {live.WarmUp.TotalSeconds:0} s warm-up; empty as allowed: {string.Join(", ", empty)}");
        Assert.True(queries.Count >= 40, $"only {queries.Count} queries found: are the dashboards loaded?");
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void Every_possibly_empty_entry_names_a_panel_that_exists()
    {
        var panels = DashboardFile.LoadAll().SelectMany(d => d.Queries.Select(q => (d.Uid, q.PanelTitle))).ToHashSet();

        foreach (var entry in MayBeEmpty.Keys)
        {
            Assert.Contains(entry, panels);
        }
    }

    [Fact]
    public async Task Memory_map_script_renders_a_3d_bar_chart_of_the_top_processes_from_real_query_results()
    {
        var dashboard = DashboardFile.Load(RepositoryRoot.Combine("dashboards", "memmon-memory-map-3d.json"));
        var panel = dashboard.Panels.Single(p => p["type"]!.GetValue<string>() == "volkovlabs-echarts-panel");
        var query = dashboard.Queries.Single(q => q.PanelType == "volkovlabs-echarts-panel");
        var code = panel["options"]!["getOption"]!.GetValue<string>();
        // A step that yields at most 24 instants (the script's time slots), as Grafana's maxDataPoints would,
        // so that every sample is drawn and each bar can be checked against the query result.
        var end = DateTimeOffset.UtcNow;
        var step = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((end - live.ScrapeStart).TotalSeconds / 23)));

        // End on the step grid, so the last evaluation instant is end() itself: a process that entered the top N
        // between the last grid instant and end() would otherwise be selected by `@ end()` but have no sample.
        end = live.ScrapeStart + (step * Math.Floor((end - live.ScrapeStart) / step));
        var range = await live.Prometheus.RangeAsync(TemplateVariables.Substitute(query.Expression), live.ScrapeStart, end, step);
        Assert.True(range.IsSuccess, range.Error);
        var frames = GrafanaDataFrames.FromMatrix(range, query.RefId, query.LegendFormat, step);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "memory-map-3d.png");
        var timer = Stopwatch.StartNew();

        var report = await EChartsPanelRenderer.RenderAsync(code, frames, screenshot);

        output.WriteLine($"rendered {range.Series.Count} series in {timer.Elapsed.TotalSeconds:0.0} s: {screenshot}");
        output.WriteLine($"processes: {string.Join(", ", report.XAxis3D?.Data ?? [])}; pixels: {report.Pixels}");
        Assert.Empty(report.PageErrors);
        Assert.Empty(report.ConsoleErrors);
        Assert.True(report.HasGrid3D, "the option has no grid3D");
        Assert.True(report.Canvases >= 1, "ECharts made no canvas");
        Assert.Equal(10, range.Series.Count); // $topn = 10 and this machine runs more than 10 processes

        // One bar3D series per process, named as on the process axis, largest first.
        var series = report.Series!;
        Assert.All(series, s => Assert.Equal("bar3D", s.Type));
        Assert.Equal(range.Series.Count, series.Count);
        Assert.Equal(series.Select(s => s.Name), report.XAxis3D!.Data!);
        var expected = range.Series
            .Select(s => (Name: $"{s.Labels["comm"]} {s.Labels["pid"]}", PeakMiB: s.Points.Max(p => p.Value) / (1024 * 1024)))
            .OrderByDescending(s => s.PeakMiB)
            .ToList();
        Assert.Equal(expected.Select(e => e.Name), report.XAxis3D.Data!);

        // Each process has a bar per instant it was sampled, and its tallest bar is its peak resident memory
        // in MiB (rounded to 0.1 MiB by the script).
        foreach (var ((rendered, truth), samples) in series.Zip(expected).Zip(expected.Select(e => range.Series.Single(s => $"{s.Labels["comm"]} {s.Labels["pid"]}" == e.Name).Points.Count)))
        {
            Assert.Equal(samples, rendered.Points);
            Assert.InRange(rendered.Max, truth.PeakMiB - 0.051, truth.PeakMiB + 0.051);
        }

        Assert.Equal("process", report.XAxis3D.Name);
        Assert.Equal("time", report.YAxis3D!.Name);
        Assert.Equal("resident MiB", report.ZAxis3D!.Name);
        Assert.Equal(range.Series.SelectMany(s => s.Points).Select(p => p.Time).Distinct().Count(), report.YAxis3D.Data!.Count);
        Assert.InRange(report.YAxis3D.Data.Count, 10, 24);

        // Drawn, not blank: a good share of the panel differs from the background, in many colours.
        var pixels = report.Pixels!;
        Assert.True(File.Exists(screenshot));
        Assert.Equal((1200, 700), (pixels.Width, pixels.Height));
        Assert.True(pixels.NonBackgroundRatio > 0.05, $"only {pixels.NonBackgroundRatio:P1} of the pixels are drawn");
        Assert.True(pixels.DistinctColours > 50, $"only {pixels.DistinctColours} colours: a blank or flat canvas");
    }
}
