using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Xunit.Abstractions;

namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// The whole path on real parts: a process leaking inside a memory-limited container, the agent's image reading the
/// host, Debian's Prometheus scraping it every second and evaluating the predictive alert (short windows, see
/// <see cref="PredictiveAlertRule"/>), Debian's Alertmanager receiving it. The alert must reach Alertmanager before the
/// kernel's OOM killer ends the leak; steady, sawtooth and page-cache-filling neighbours under the same limit must
/// raise nothing. The cache neighbour sits at its limit the whole time (the kernel reclaims its cache there), which is
/// why the rule forecasts what cannot be reclaimed, not usage.
/// </summary>
[Collection(SerialContainerTests.Name)]
[Trait("Category", "Integration")]
public sealed class PredictiveAlertEndToEndTests(ITestOutputHelper output)
{
    private const int LimitMiB = 64;
    private const int LeakMiBPerSecond = 1; // the shipped warning rule guards at 60 % of the limit: 1 MiB/s leaves a lead of seconds to spare under load

    [Fact]
    public async Task Predictive_alert_reaches_alertmanager_before_the_leak_is_oom_killed_and_neighbours_stay_quiet()
    {
        var rule = PredictiveAlertRule.Load();
        output.WriteLine($"rule ({rule.Source}): {rule.AlertName}: {rule.Expression.ReplaceLineEndings(" ")} for {PredictiveAlertRule.For}");
        var peers = await PeersImage.GetAsync();

        // Neighbours first, so that their series fill a whole window before the leak starts.
        await using var steady = await WorkloadContainer.StartAsync("steady", LimitMiB, "steady", "24");
        await using var sawtooth = await WorkloadContainer.StartAsync("sawtooth", LimitMiB, "sawtooth", "8", "24", "10");
        await using var cache = await WorkloadContainer.StartAsync("cache", LimitMiB, "cache", (2 * LimitMiB).ToString(CultureInfo.InvariantCulture));
        await using var agent = await AgentContainer.StartAsync("--interval", "1s", "--smaps-interval", "0");

        var config = Directory.CreateTempSubdirectory("memmon-e2e-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(config.FullName, "alertmanager.yml"), """
                route:
                  receiver: "null"
                  group_wait: 1s
                receivers:
                  - name: "null"
                """);
            await File.WriteAllTextAsync(Path.Combine(config.FullName, "rules.yml"), rule.ToRuleFile());
            await using var alertmanager = await StartPeerAsync(peers, config.FullName, 9093,
                "/usr/local/bin/prometheus-alertmanager", "--config.file=/etc/e2e/alertmanager.yml", "--storage.path=/tmp/alertmanager",
                "--cluster.listen-address=", "--web.listen-address=:9093");
            await File.WriteAllTextAsync(Path.Combine(config.FullName, "prometheus.yml"), $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: [/etc/e2e/rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{"{"}targets: ["{alertmanager.IpAddress}:9093"]{"}"}]
                scrape_configs:
                  - job_name: memmon
                    static_configs: [{"{"}targets: ["{agent.IpAddress}:{AgentContainer.Port}"]{"}"}]
                """);
            await using var prometheus = await StartPeerAsync(peers, config.FullName, 9090,
                "/usr/local/bin/prometheus", "--config.file=/etc/e2e/prometheus.yml", "--storage.tsdb.path=/tmp/prometheus",
                "--web.listen-address=:9090");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var prometheusApi = new Uri($"http://{prometheus.Hostname}:{prometheus.GetMappedPublicPort(9090)}/");
            var alertmanagerApi = new Uri($"http://{alertmanager.Hostname}:{alertmanager.GetMappedPublicPort(9093)}/");
            var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

            // Warm-up: a full window of the neighbours' usage in Prometheus (and proof that the agent reports them).
            var warmUp = Stopwatch.StartNew();
            // NaN (no samples yet) compares false: hence "not at least".
            while (!(await QueryAsync(http, prometheusApi, $"count_over_time(memmon_container_memory_usage_bytes{{container_id=\"{sawtooth.Id}\"}}[{PredictiveAlertRule.Window}])") >= 28))
            {
                Assert.True(warmUp.Elapsed < TimeSpan.FromSeconds(90), "Prometheus did not collect the sawtooth container's usage from the agent within 90 s");
                await PollAlertsAsync(http, alertmanagerApi, seen);
                await Task.Delay(500);
            }

            var oomKillsBefore = await QueryAsync(http, prometheusApi, "memmon_system_oom_kills_total");
            output.WriteLine($"warm-up {warmUp.Elapsed.TotalSeconds:F0} s; starting a {LeakMiBPerSecond} MiB/s leak under a {LimitMiB} MiB limit");

            var leakStarted = DateTimeOffset.UtcNow;
            await using var leak = await WorkloadContainer.StartAsync("leak", LimitMiB, "leak", LeakMiBPerSecond.ToString(CultureInfo.InvariantCulture));
            ContainerExit exit;
            while ((exit = await Podman.InspectExitAsync(leak.Id)).Running)
            {
                Assert.True(DateTimeOffset.UtcNow - leakStarted < TimeSpan.FromSeconds(120), "the leaking container was not OOM-killed within 120 s");
                await PollAlertsAsync(http, alertmanagerApi, seen);
                await Task.Delay(250);
            }

            var leakLog = (await leak.GetLogsAsync()).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            output.WriteLine($"leak exit: code {exit.ExitCode}, OOMKilled {exit.OomKilled}, finished {exit.FinishedAt:O}; last line: {leakLog[^1]}");

            // Killed by the kernel's OOM killer (podman's flag, SIGKILL's 137, and the host's own oom_kill count rising).
            Assert.True(exit.OomKilled || exit.ExitCode == 137, $"the leak ended with exit code {exit.ExitCode}, not by the OOM killer");
            var oomKillsAfter = await WaitForAsync(http, prometheusApi, "memmon_system_oom_kills_total", v => v > oomKillsBefore, TimeSpan.FromSeconds(10));
            Assert.True(oomKillsAfter > oomKillsBefore, $"memmon_system_oom_kills_total did not rise ({oomKillsBefore} -> {oomKillsAfter})");

            var key = $"{rule.AlertName}/{leak.Id}";
            Assert.True(seen.TryGetValue(key, out var arrived), $"{rule.AlertName} for the leaking container never reached Alertmanager; seen: {string.Join(", ", seen.Keys)}");
            var lead = exit.FinishedAt - arrived;
            output.WriteLine($"alert {rule.AlertName} in Alertmanager {(arrived - leakStarted).TotalSeconds:F1} s after the leak started; " +
                $"OOM kill {(exit.FinishedAt - leakStarted).TotalSeconds:F1} s after; lead time {lead.TotalSeconds:F1} s");
            Assert.True(lead > TimeSpan.Zero, $"the alert arrived {-lead.TotalSeconds:F1} s after the OOM kill");

            // The neighbours never alerted, before, during or just after the leak.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await PollAlertsAsync(http, alertmanagerApi, seen);
            Assert.DoesNotContain($"{rule.AlertName}/{steady.Id}", seen.Keys);
            Assert.DoesNotContain($"{rule.AlertName}/{sawtooth.Id}", seen.Keys);
            Assert.DoesNotContain($"{rule.AlertName}/{cache.Id}", seen.Keys);

            // ...and the cache neighbour really was full: usage at the limit, as a usage-based forecast would see it.
            var cacheFull = await QueryAsync(http, prometheusApi,
                $"max_over_time(memmon_container_memory_usage_bytes{{container_id=\"{cache.Id}\"}}[2m]) / {LimitMiB * 1024 * 1024}");
            output.WriteLine($"cache neighbour: usage peaked at {cacheFull:P0} of its limit");
            Assert.True(cacheFull >= 0.9, $"the page-cache neighbour's usage peaked at {cacheFull:P0} of its limit: the scenario did not fill its cache");
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    private static async Task<IContainer> StartPeerAsync(string image, string configDirectory, int port, params string[] command)
    {
        var container = new ContainerBuilder(image)
            .WithDockerEndpoint(Podman.Endpoint)
            .WithEntrypoint(command)
            .WithBindMount(configDirectory, "/etc/e2e", AccessMode.ReadOnly)
            .WithPortBinding(port, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort((ushort)port).ForPath("/-/ready")))
            .Build();
        await container.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return container;
    }

    /// <summary>Records when each (alertname, container_id) was first listed by Alertmanager's API v2.</summary>
    private static async Task PollAlertsAsync(HttpClient http, Uri alertmanager, Dictionary<string, DateTimeOffset> seen)
    {
        var now = DateTimeOffset.UtcNow;
        using var alerts = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager, "api/v2/alerts")));
        foreach (var alert in alerts.RootElement.EnumerateArray())
        {
            var labels = alert.GetProperty("labels");
            var name = labels.TryGetProperty("alertname", out var n) ? n.GetString() : null;
            var container = labels.TryGetProperty("container_id", out var c) ? c.GetString() : "";
            seen.TryAdd($"{name}/{container}", now);
        }
    }

    /// <summary>The first sample of an instant query, or NaN when it has none.</summary>
    private static async Task<double> QueryAsync(HttpClient http, Uri prometheus, string query)
    {
        using var response = JsonDocument.Parse(await http.GetStringAsync(new Uri(prometheus, "api/v1/query?query=" + Uri.EscapeDataString(query))));
        var result = response.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? double.NaN
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task<double> WaitForAsync(HttpClient http, Uri prometheus, string query, Func<double, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        double value;
        while (!condition(value = await QueryAsync(http, prometheus, query)) && clock.Elapsed < timeout)
        {
            await Task.Delay(500);
        }

        return value;
    }
}
