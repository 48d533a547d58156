using System.Net;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Hardening;

/// <summary>Signals and load the agent must take on a node without falling over.</summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class LifecycleTests
{
    [Fact]
    public async Task Sigterm_stops_the_agent_cleanly_with_its_baselines_on_disk()
    {
        await using var agent = await ServingMemmon.StartAsync([]);
        await Task.Delay(1000);

        var exit = await agent.TerminateAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(agent.StateDirectory, "baselines.db")), agent.Log);
        Assert.DoesNotContain("fail:", agent.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", agent.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_scrapers_each_get_a_complete_exposition()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(200)));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        for (var round = 0; round < 5; round++)
        {
            var bodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

            Assert.All(bodies, body =>
            {
                Assert.Contains("memmon_system_memory_bytes{state=\"total\"}", body, StringComparison.Ordinal);
                Assert.Contains($"memmon_process_resident_bytes{{pid=\"{Environment.ProcessId}\"", body, StringComparison.Ordinal);
                Assert.EndsWith("\n", body, StringComparison.Ordinal);
                Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
            });
        }

        await app.StopAsync();
    }
}
