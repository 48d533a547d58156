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
    /// Panels (or single targets of a panel, by refId; null for all of its targets) whose queries may legitimately
    /// return nothing on a healthy machine with the test pod's cgroup v1 containers (this one and CI's); every other
    /// query must return data. Also listed in docs/dashboards.md.
    /// </summary>
    private static readonly Dictionary<(string Uid, string Panel, string? RefId), string> MayBeEmpty = new()
    {
        [("memmon-node-overview", "Exhaustion forecast", null)] = "absent while used memory is not growing",
        [("memmon-node-overview", "Health penalties by factor", null)] = "a factor appears only while it costs points; a healthy node has none",
        [("memmon-node-overview", "Penalties now", null)] = "as above",
        [("memmon-node-overview", "Read errors", null)] = "the counter appears with the first failed read",
        [("memmon-process-drilldown", "Time to exhaustion", null)] = "only growing processes have a forecast",
        [("memmon-process-drilldown", "Container working set against limit", "C")] = "memory.high is cgroup v2 only; this machine is v1",
        [("memmon-process-drilldown", "Container pressure stalls", null)] = "memory.pressure is cgroup v2 only; this machine is v1",
    };

    /// <summary>Where the test pod cannot be made (not root, no v1 memory controller): the panels only it fills.</summary>
    private static readonly Dictionary<(string Uid, string Panel, string? RefId), string> EmptyWithoutPod = new()
    {
        [("memmon-node-overview", "OOM kills by namespace, pod, container and process", null)] = "no OOM kill without the test pod",
        [("memmon-node-overview", "Foreseen and unforeseen OOM kills", null)] = "as above",
        [("memmon-process-drilldown", "Container working set against limit", null)] = "no containers without the test pod",
        [("memmon-process-drilldown", "Container unreclaimable memory against limit", null)] = "as above",
        [("memmon-process-drilldown", "Share of the limit used", null)] = "as above",
        [("memmon-process-drilldown", "Container memory by kind", null)] = "as above",
        [("memmon-process-drilldown", "Container memory usage (with page cache)", null)] = "as above",
        [("memmon-process-drilldown", "Container swap", null)] = "as above",
        [("memmon-process-drilldown", "Container time to exhaustion", null)] = "as above",
        [("memmon-process-drilldown", "Container memory events", null)] = "as above",
        [("memmon-process-drilldown", "Container OOM kills", null)] = "as above",
        [("memmon-process-drilldown", "OOM kills by namespace, pod, container and process", null)] = "as above",
        [("memmon-process-drilldown", "OOM kill forecast lead time", null)] = "as above",
        [("memmon-process-drilldown", "Foreseen and unforeseen OOM kills", null)] = "as above",
        [("memmon-process-drilldown", "Resident memory by pod", null)] = "as above",
    };

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DataWait = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The agent writes its /metrics text itself (docs/architecture.md): Prometheus' own linter must find nothing in
    /// what a node with processes, folded groups, containers and OOM kills really serves.
    /// </summary>
    [Fact]
    public async Task The_agents_metrics_text_passes_promtool_check_metrics()
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(live.MetricsUrl);

        var result = Rules.CommandLineTool.Promtool.Run(["check", "metrics"], text);

        Assert.True(result.ExitCode == 0 && result.Output.Length == 0, result.ToString());
        foreach (var family in new[] { "memmon_process_resident_kind_bytes", "memmon_process_group_processes", "memmon_agent_sweep_duration_seconds", "memmon_agent_sweeps_total" })
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_panel_query_succeeds_in_prometheus_and_returns_data_unless_listed_as_possibly_empty()
    {
        var queries = DashboardFile.LoadAll().SelectMany(d => d.Queries).ToList();
        var waited = await WaitForDataAsync(queries.Where(q => !MayBeEmptyHere(q)).ToList());
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

            if (MayBeEmptyHere(query))
            {
                empty.Add(query.ToString());
            }
            else
            {
                failures.AppendLine($"{query}: no data\n    {promql}");
            }
        }

        if (live.NoPod is { } why)
        {
            output.WriteLine($"no test pod, so the container and OOM-kill panels may be empty: {why}");
        }

        output.WriteLine($"{queries.Count} queries, instant and range, in {timer.Elapsed.TotalSeconds:0.0} s after a {live.WarmUp.TotalSeconds:0} s warm-up and {waited.TotalSeconds:0} s more for data; empty as allowed: {string.Join(", ", empty)}");
        Assert.True(queries.Count >= 40, $"only {queries.Count} queries found: are the dashboards loaded?");
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void Every_possibly_empty_entry_names_a_panel_that_exists()
    {
        var queries = DashboardFile.LoadAll().SelectMany(d => d.Queries).ToList();

        foreach (var (uid, panel, refId) in MayBeEmpty.Keys.Concat(EmptyWithoutPod.Keys))
        {
            Assert.True(
                queries.Any(q => q.Dashboard.Uid == uid && q.PanelTitle == panel && (refId is null || q.RefId == refId)),
                $"{uid} / \"{panel}\" {refId}: no such panel or target");
        }
    }

    [Fact]
    public async Task Test_pod_containers_carry_their_kubernetes_names_and_both_kills_were_judged()
    {
        Assert.True(live.NoPod is null, $"the test pod could not be made: {live.NoPod}");

        var containers = await live.Prometheus.QueryAsync($"memmon_container_memory_working_set_bytes{{namespace=\"{TestPod.Namespace}\"}}");
        Assert.Equal(["app", "spike"], containers.Select(c => c.Labels["container"]).Order(StringComparer.Ordinal));
        Assert.All(containers, c => Assert.Equal(TestPod.Name, c.Labels["pod"]));
        var limits = await live.Prometheus.QueryAsync($"memmon_container_memory_effective_limit_bytes{{namespace=\"{TestPod.Namespace}\"}}");
        Assert.Equal(
            [("app", (double)TestPod.AppLimitBytes), ("spike", (double)TestPod.SpikeLimitBytes)],
            limits.Select(l => (l.Labels["container"], l.Value)).Order());

        // Each container's cgroup counted its kill, the kernel log attributed it, and the leak's was foreseen.
        var cgroupKills = await live.Prometheus.QueryAsync($"memmon_container_oom_kills_total{{namespace=\"{TestPod.Namespace}\"}}");
        Assert.All(cgroupKills, k => Assert.True(k.Value >= 1, $"{k.Labels["container"]}: {k.Value} kills"));
        var logKills = await live.Prometheus.QueryAsync($"sum by (container) (memmon_oom_kills_total{{namespace=\"{TestPod.Namespace}\", pod=\"{TestPod.Name}\", comm=\"{TestPod.Comm}\"}})");
        Assert.Equal(["app", "spike"], logKills.Select(k => k.Labels["container"]).Order(StringComparer.Ordinal));
        Assert.True((await live.Prometheus.QueryAsync("sum(memmon_oom_kill_forecast_lead_seconds_count)")).Single().Value >= 1);
        Assert.True((await live.Prometheus.QueryAsync("sum(memmon_oom_kills_unforeseen_total)")).Single().Value >= 1);
    }

    /// <summary>
    /// Some series appear only after enough sweeps (growth every 8th tick once 30 samples exist, say); on a loaded
    /// machine (CI runs the test projects side by side) the fixture's warm-up may end before them. Waits, up to
    /// <see cref="DataWait"/>, until every query that must return data does; the assertions then name what never came.
    /// </summary>
    private async Task<TimeSpan> WaitForDataAsync(IReadOnlyList<PanelQuery> required)
    {
        var timer = Stopwatch.StartNew();
        var pending = required.Select(q => TemplateVariables.Substitute(q.Expression)).Distinct().ToList();
        while (pending.Count > 0 && timer.Elapsed < DataWait)
        {
            var now = DateTimeOffset.UtcNow;
            var still = new List<string>();
            foreach (var promql in pending)
            {
                var range = await live.Prometheus.RangeAsync(promql, live.ScrapeStart, now, Step);
                var instant = await live.Prometheus.InstantAsync(promql, now);
                if (!range.IsSuccess || !instant.IsSuccess || range.Series.Count == 0 || instant.Series.Count == 0)
                {
                    still.Add(promql);
                }
            }

            pending = still;
            if (pending.Count > 0)
            {
                await Task.Delay(1000);
            }
        }

        if (pending.Count > 0)
        {
            output.WriteLine($"still without data after {DataWait.TotalSeconds:0} s more: {string.Join(" | ", pending)}");
        }

        return timer.Elapsed;
    }

    private bool MayBeEmptyHere(PanelQuery query) =>
        MayBeEmpty.ContainsKey((query.Dashboard.Uid, query.PanelTitle, null))
        || MayBeEmpty.ContainsKey((query.Dashboard.Uid, query.PanelTitle, query.RefId))
        || (live.NoPod is not null && EmptyWithoutPod.ContainsKey((query.Dashboard.Uid, query.PanelTitle, null)));

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
