using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Children;
using MemoryMonitor.Collection;
using Xunit.Abstractions;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Prometheus;

/// <summary>The real agent scraped by the real Prometheus, measured against a real child process.</summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private const long ChildBytes = 200L * 1024 * 1024;

    [Fact]
    public async Task Child_resident_memory_is_scraped_within_5_percent_and_its_series_go_when_it_exits()
    {
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromSeconds(1)) with
        {
            TopProcesses = 1000,
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.FromSeconds(1) },
        });
        await agent.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(agentPort);
        using var child = await AllocatingChild.StartAsync(ChildBytes);
        var query = $"memmon_process_resident_bytes{{pid=\"{child.Pid}\"}}";

        // The agent may sample the child while it is still touching its memory; wait for a sample taken after.
        var scraped = await prometheus.WaitForAsync(query, r => r.Count == 1 && r[0].Value >= ChildBytes * 0.95, TimeSpan.FromSeconds(60));
        var truth = child.ResidentBytesFromKernel();
        var up = await prometheus.QueryAsync("up{job=\"memmon\"}");
        var pss = await prometheus.WaitForAsync($"memmon_process_proportional_bytes{{pid=\"{child.Pid}\"}}", r => r.Count == 1, TimeSpan.FromSeconds(30));

        var (labels, value) = Assert.Single(scraped);
        output.WriteLine($"scraped {value:0} bytes, kernel says {truth} bytes ({100 * (value - truth) / truth:0.00}%)");
        Assert.Equal(1, Assert.Single(up).Value);
        Assert.Equal("memmon-allocate", labels["comm"]); // the binary is memmon-allocate-PID; the kernel keeps 15 characters of it
        Assert.True(value >= ChildBytes, $"scraped {value} < the {ChildBytes} the child touched: wrong unit?");
        Assert.InRange(value, truth * 0.95, truth * 1.05);
        Assert.InRange(Assert.Single(pss).Value, ChildBytes * 0.95, truth * 1.05);

        await child.ExitAsync();
        var after = await prometheus.WaitForAsync(query, r => r.Count == 0, TimeSpan.FromSeconds(60));
        Assert.Empty(after);
        Assert.Empty(await prometheus.QueryAsync($"memmon_process_info{{pid=\"{child.Pid}\"}}"));
        await agent.StopAsync();
    }

    [Fact]
    public async Task System_memory_total_in_prometheus_equals_meminfo()
    {
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromSeconds(1)));
        await agent.StartAsync();
        await using var prometheus = await PrometheusServer.StartAsync(agentPort);

        var result = await prometheus.WaitForAsync("memmon_system_memory_bytes{state=\"total\"}", r => r.Count == 1, TimeSpan.FromSeconds(60));
        var memTotalKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(memTotalKb * 1024, Assert.Single(result).Value);
        var sum = await prometheus.QueryAsync("sum(memmon_process_resident_bytes)");
        Assert.True(Assert.Single(sum).Value > 0);
        await agent.StopAsync();
    }
}
