using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Container;

[Collection(SerialContainerTests.Name)]
[Trait("Category", "Integration")]
public sealed partial class AgentContainerTests
{
    /// <summary>Families the contract (docs/metrics.md) promises on any Linux host the agent can read.</summary>
    private static readonly string[] ContractFamilies =
    [
        "memmon_system_memory_bytes",
        "memmon_system_meminfo_bytes",
        "memmon_system_swap_bytes",
        "memmon_system_page_faults_total",
        "memmon_system_oom_kills_total",
        "memmon_system_memory_fragmentation_ratio",
        "memmon_process_resident_bytes",
        "memmon_process_threads",
        "memmon_container_memory_usage_bytes",
        "memmon_agent_sweeps_total",
        "memmon_agent_processes",
        "memmon_agent_sweep_duration_seconds",
    ];

    [Fact]
    public async Task Image_serves_health_readiness_and_the_metric_contract_from_the_host_as_uid_65534()
    {
        // A container with a memory limit gives the agent a container to report, as on a Kubernetes node.
        await using var neighbour = await WorkloadContainer.StartAsync("neighbour", memoryLimitMiB: 64, "steady", "16");
        await using var agent = await AgentContainer.StartAsync("--interval", "1s");
        using var http = new HttpClient { BaseAddress = AgentContainer.BaseAddress(agent), Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
        Assert.Equal("ready\n", await http.GetStringAsync(new Uri("readyz", UriKind.Relative)));
        using var metrics = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();

        foreach (var family in ContractFamilies)
        {
            Assert.Contains($"\n{family}", "\n" + text, StringComparison.Ordinal);
        }

        // Values from the host, not from the container: MemTotal of the host's /proc/meminfo, the neighbour's limit.
        var hostTotal = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        Assert.Equal(hostTotal, SampleValue(text, "memmon_system_memory_bytes{state=\"total\"}"));
        Assert.Equal(64L * 1024 * 1024, SampleValue(text, $"memmon_container_memory_limit_bytes{{container_id=\"{neighbour.Id}\",pod_uid=\"\",namespace=\"\",pod=\"\",container=\"\"}}"));

        // The host's processes, not the container's one: this test host process has its own series (fewer than
        // --top-processes processes with memory run here, so every one of them is individual).
        Assert.Matches($"(?m)^memmon_process_resident_bytes\\{{[^}}]*pid=\"{Environment.ProcessId}\"", text);

        // Non-root by default: the agent process, looked up on the host, runs as nobody.
        var hostPid = (await Podman.RunAsync(["inspect", "--format", "{{.State.Pid}}", agent.Id], TimeSpan.FromSeconds(30))).Trim();
        var uids = File.ReadLines($"/proc/{hostPid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.All(uids, uid => Assert.Equal("65534", uid));

        // The image's HEALTHCHECK (memmon healthcheck: the base has no curl) is declared and passes.
        using var inspected = JsonDocument.Parse(await Podman.RunAsync(["image", "inspect", AgentImage.Tag], TimeSpan.FromSeconds(30)));
        var probe = inspected.RootElement[0].GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        Assert.Equal(["CMD", "/app/memmon", "healthcheck"], probe[..3]);
        await Podman.RunAsync(["healthcheck", "run", agent.Id], TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sys_ptrace_and_dac_read_search_alone_let_uid_65534_read_every_process()
    {
        // Without them, other users' smaps_rollup (PSS/USS) and exe links are refused (ptrace access mode checks):
        // about one refusal per process not owned by 65534, per file.
        double refusedBare;
        await using (var bare = await AgentContainer.StartAsync(capabilities: [], "--interval", "1s"))
        {
            refusedBare = PermissionDenied(await MetricsAfterTwoSweepsAsync(bare));
        }

        // With exactly the chart's two capabilities (podman passes them to a non-root user as ambient capabilities).
        await using var capable = await AgentContainer.StartAsync(capabilities: ["SYS_PTRACE", "DAC_READ_SEARCH"], "--interval", "1s");
        var metrics = await MetricsAfterTwoSweepsAsync(capable);
        var refusedCapable = PermissionDenied(metrics);
        Assert.True(refusedBare >= 10, $"only {refusedBare} refusals without capabilities: the test host runs too few other users' processes to tell");
        // This machine's PID 1 (its sandbox's init) refuses even CAP_SYS_PTRACE: one refusal per file may remain.
        Assert.True(refusedCapable <= 2, $"{refusedCapable} reads refused with SYS_PTRACE and DAC_READ_SEARCH (without: {refusedBare})");
        Assert.Matches("(?m)^memmon_process_proportional_bytes\\{", metrics);
    }

    private static double PermissionDenied(string exposition) =>
        Regex.Matches(exposition, "(?m)^memmon_agent_read_errors_total\\{[^}]*reason=\"permission_denied\"\\} (\\S+)$")
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static async Task<string> MetricsAfterTwoSweepsAsync(DotNet.Testcontainers.Containers.IContainer agent)
    {
        using var http = new HttpClient { BaseAddress = AgentContainer.BaseAddress(agent), Timeout = TimeSpan.FromSeconds(10) };
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
    }

    private static double SampleValue(string exposition, string series)
    {
        var match = Regex.Match(exposition, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no sample {series} in /metrics");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
