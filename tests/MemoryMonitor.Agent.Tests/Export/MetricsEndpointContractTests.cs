using System.Net;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Collection;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Export;

/// <summary>The names dashboards and alert rules depend on, scraped from the real agent on this machine.</summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class MetricsEndpointContractTests
{
    [Fact]
    public async Task Status_paths_answer_get_and_head_and_refuse_the_rest()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(300)));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/healthz", UriKind.Relative)));
        using var post = await http.PostAsync(new Uri("/readyz", UriKind.Relative), null);
        using var unknown = await http.GetAsync(new Uri("/metricz", UriKind.Relative));
        var index = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var ready = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("GET, HEAD", string.Join(", ", post.Content.Headers.Allow));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("/metrics, /healthz, /readyz", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("MemoryMonitor agent:", index, StringComparison.Ordinal);
        Assert.Equal("ready\n", ready);
    }

    [Fact]
    public async Task Metrics_endpoint_serves_the_contract_names_with_their_labels()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(300)) with
        {
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.FromMilliseconds(300) },
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        await Task.Delay(700); // a second sweep, so smaps has been read for the agent's own process
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var health = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        await app.StopAsync();

        Assert.Equal("ok\n", health);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        foreach (var state in new[] { "total", "available", "used", "free", "buffers", "cached", "shared", "slab_reclaimable", "slab_unreclaimable" })
        {
            Assert.Contains($"memmon_system_memory_bytes{{state=\"{state}\"}}", text, StringComparison.Ordinal);
        }

        foreach (var state in new[] { "total", "used", "free" })
        {
            Assert.Contains($"memmon_system_swap_bytes{{state=\"{state}\"}}", text, StringComparison.Ordinal);
        }

        Assert.Contains("memmon_system_memory_pressure_seconds_total{kind=\"some\"}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_system_memory_pressure_seconds_total{kind=\"full\"}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_system_page_faults_total{type=\"minor\"}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_system_page_faults_total{type=\"major\"}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_system_oom_kills_total ", text, StringComparison.Ordinal);
        Assert.Matches("memmon_system_memory_fragmentation_ratio\\{node=\"0\",zone=\"Normal\"\\} [01](\\.\\d+)?", text);
        Assert.Contains("memmon_system_meminfo_bytes{field=\"Active(anon)\"}", text, StringComparison.Ordinal);

        var self = $"pid=\"{Environment.ProcessId}\",comm=\"";
        foreach (var family in new[] { "resident", "proportional", "unique", "virtual", "swap" })
        {
            Assert.Contains($"memmon_process_{family}_bytes{{{self}", text, StringComparison.Ordinal);
        }

        Assert.Contains($"memmon_process_page_faults_total{{{self}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_agent_sweep_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_processes_say_how_many_are_analysed_and_how_many_are_beyond_the_bound()
    {
        var port = Ports.Free();
        var options = InProcessAgent.Options(port, TimeSpan.FromMilliseconds(300));
        await using var app = AgentHost.Build(options with { Analysis = options.Analysis with { MaxAnalysedProcesses = 3 } });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        await Task.Delay(700); // later sweeps, so the counts are a whole sweep's
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await app.StopAsync();

        // This machine runs more than three processes, so some are beyond the bound; the two scopes add up to seen.
        // At most three are analysed: fewer when the sample admits one whose status is unreadable (pid 1, say).
        var seen = Scope(text, "seen");
        var analysed = Scope(text, "analysed");
        Assert.True(seen > 3, $"{seen} processes seen");
        Assert.InRange(analysed, 1, 3);
        Assert.Equal(seen - analysed, Scope(text, "unanalysed"));
    }

    private static long Scope(string text, string scope)
    {
        var line = text.Split('\n').Single(l => l.StartsWith($"memmon_agent_processes{{scope=\"{scope}\"}} ", StringComparison.Ordinal));
        return long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
