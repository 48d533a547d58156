using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Collection;
using Microsoft.AspNetCore.Builder;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// The real agent (in this process, sampling every 500 ms) scraped every second by the real Prometheus, run
/// until the analysis has warmed up, so that the dashboards' queries meet the series a node really has.
/// Shared by the tests of one class (xunit class fixture). A <see cref="TestPod"/> (real memory cgroups named by a
/// kubelet log tree) gives the container panels real containers, with namespace / pod / container names, a foreseen
/// and an unforeseen OOM kill.
/// </summary>
public sealed class LiveAgent : IAsyncLifetime
{
    /// <summary>Judgements appear after warm-up (32 samples for the anomaly score, 30 for leak risk): 16 s at 500 ms.</summary>
    private static readonly string[] WarmedUp =
    [
        "memmon_process_anomaly_score",
        "memmon_process_leak_risk",
        "memmon_process_dna_drift",
        "memmon_system_memory_anomaly_score",
    ];

    /// <summary>What the test pod brings: its containers, named, and both kinds of OOM kill (the app's leak is killed about 30 s in).</summary>
    private static readonly string[] FromThePod =
    [
        $"memmon_container_memory_working_set_bytes{{namespace=\"{TestPod.Namespace}\", container=\"app\"}}",
        $"memmon_container_memory_working_set_bytes{{namespace=\"{TestPod.Namespace}\", container=\"spike\"}}",
        $"memmon_oom_kills_total{{namespace=\"{TestPod.Namespace}\", container=\"spike\"}}",
        $"memmon_oom_kills_total{{namespace=\"{TestPod.Namespace}\", container=\"app\"}}",
        "memmon_oom_kills_unforeseen_total",
        "memmon_oom_kill_forecast_lead_seconds_count",
    ];

    private static readonly TimeSpan MinimumHistory = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaximumWait = TimeSpan.FromSeconds(60);

    private WebApplication? _agent;
    private PrometheusServer? _prometheus;
    private string? _stateDirectory;
    private TestPod? _pod;

    // Idle children beyond the top N, so group rows (the long tail) exist even on a machine as quiet as CI's.
    private readonly List<System.Diagnostics.Process> _tail = [];

    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    /// <summary>When Prometheus started scraping: the start of every range query.</summary>
    internal DateTimeOffset ScrapeStart { get; private set; }

    internal TimeSpan WarmUp { get; private set; }

    /// <summary>The agent's own /metrics, as Prometheus scrapes it.</summary>
    internal Uri MetricsUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Why there is no test pod (no v1 memory controller, not root); null when there is one.</summary>
    internal string? NoPod { get; private set; }

    public async Task InitializeAsync()
    {
        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            _tail.Add(System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "600") { UseShellExecute = false })!);
        }

        _pod = TestPod.TryCreate(out var why);
        NoPod = why;
        _stateDirectory = Directory.CreateTempSubdirectory("memmon-state-").FullName;
        var port = Ports.Free();
        MetricsUrl = new Uri($"http://127.0.0.1:{port}/metrics");
        _agent = AgentHost.Build(new AgentOptions
        {
            ListenHost = "127.0.0.1",
            ListenPort = port,
            Interval = TimeSpan.FromMilliseconds(500),
            StateDirectory = _stateDirectory,
            // Fewer than the processes running (30 idle children are started above), so group rows exist too.
            TopProcesses = 20,
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.FromSeconds(1), KubeletLogRoot = _pod?.LogRoot ?? new CollectionSettings().KubeletLogRoot },
        });
        await _agent.StartAsync();

        // After the agent has opened /dev/kmsg: it reports only kills logged after it started.
        _pod?.Start();
        _prometheus = await PrometheusServer.StartAsync(port);
        ScrapeStart = DateTimeOffset.UtcNow;
        var spiked = _pod is null;

        var deadline = ScrapeStart + MaximumWait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            // The spike once Prometheus has its container at zero kills, so the kill is an increase it sees.
            if (!spiked && (await Prometheus.QueryAsync(FromThePod[1])).Count > 0)
            {
                await _pod!.SpikeAsync();
                spiked = true;
            }

            if (DateTimeOffset.UtcNow - ScrapeStart >= MinimumHistory && spiked && await AllPresentAsync())
            {
                break;
            }

            await Task.Delay(1000);
        }

        WarmUp = DateTimeOffset.UtcNow - started;
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_agent is not null)
        {
            await _agent.StopAsync();
            await _agent.DisposeAsync();
        }

        _pod?.Dispose();

        if (_stateDirectory is not null)
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }

        foreach (var child in _tail)
        {
            child.Kill();
            await child.WaitForExitAsync();
            child.Dispose();
        }
    }

    private async Task<bool> AllPresentAsync()
    {
        foreach (var metric in _pod is null ? WarmedUp : [.. WarmedUp, .. FromThePod])
        {
            var response = await Prometheus.InstantAsync(metric, DateTimeOffset.UtcNow);
            if (response.Series.Count == 0)
            {
                return false;
            }
        }

        return true;
    }
}
