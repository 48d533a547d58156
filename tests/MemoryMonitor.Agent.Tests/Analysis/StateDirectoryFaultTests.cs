using System.Net;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Analysis;

/// <summary>A broken state directory must never stop the agent: it reports, rebuilds or falls back to memory, and serves.</summary>
[Collection(InProcessAgent.Name)]
public sealed class StateDirectoryFaultTests
{
    [Fact]
    public async Task A_corrupt_baseline_database_is_set_aside_and_rebuilt_while_the_agent_serves()
    {
        var state = TempStateDirectory.Create();
        await File.WriteAllBytesAsync(Path.Combine(state, "baselines.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);

        var text = await ServeOnceAsync(state);

        Assert.Contains("memmon_system_memory_bytes", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(state, "baselines.db.corrupt-*"));
        Assert.True(new FileInfo(Path.Combine(state, "baselines.db")).Length > 0);
    }

    [Fact]
    public async Task A_state_directory_that_cannot_be_created_leaves_the_agent_serving_on_memory()
    {
        var blocker = Path.Combine(TempStateDirectory.Create(), "a-file");
        await File.WriteAllTextAsync(blocker, "not a directory");

        var text = await ServeOnceAsync(Path.Combine(blocker, "state"));

        Assert.Contains("memmon_system_memory_health_score", text, StringComparison.Ordinal);
    }

    private static async Task<string> ServeOnceAsync(string stateDirectory)
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(new AgentOptions { ListenHost = "127.0.0.1", ListenPort = port, Interval = TimeSpan.FromMilliseconds(200), StateDirectory = stateDirectory });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await app.StopAsync();
        return text;
    }
}
