using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Children;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection;
using Xunit.Abstractions;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Analysis;

/// <summary>The analysis judging real processes inside the running agent, seen through /metrics.</summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed partial class JudgementExportTests(ITestOutputHelper output)
{
    private const long GrowthPerSecond = 8L << 20;

    [Fact]
    public async Task A_leaking_small_process_is_flagged_and_keeps_its_series_outside_the_top_n()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(100)) with
        {
            TopProcesses = 1,
            // only the largest process (a dotnet) has its own series unless flagged
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
            Analysis = new AnalysisSettings { LeakEveryTicks = 1 },
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var steady = await AllocatingChild.StartAsync(16L << 20);
        using var leaking = await AllocatingChild.StartAsync(16L << 20, GrowthPerSecond);

        string text;
        double? risk;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await Task.Delay(500);
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            risk = Value(text, "memmon_process_leak_risk", leaking.Pid);
        }
        while ((risk ?? 0) < 0.8 && DateTime.UtcNow < deadline);

        output.WriteLine($"leak risk {risk}, growth {Value(text, "memmon_process_memory_growth_bytes_per_second", leaking.Pid)}");
        Assert.True(risk >= 0.8, $"leak risk of the leaking child stayed at {risk}");
        Assert.NotNull(Value(text, "memmon_process_resident_bytes", leaking.Pid));
        Assert.InRange(Value(text, "memmon_process_memory_growth_bytes_per_second", leaking.Pid)!.Value, GrowthPerSecond * 0.7, GrowthPerSecond * 1.3);
        Assert.True(Value(text, "memmon_process_memory_exhaustion_seconds", leaking.Pid) > 0);
        // The steady child is not the largest process, so it has a series of its own exactly when something flags
        // it: normally nothing does; on a host full of identical tiny processes the peer forest rightly may.
        var steadyFlagged = Value(text, "memmon_process_anomaly_score", steady.Pid) >= 0.5
            || Value(text, "memmon_process_leak_risk", steady.Pid) >= 0.8
            || Value(text, "memmon_process_dna_drift", steady.Pid) >= 0.8;
        Assert.Equal(steadyFlagged, Value(text, "memmon_process_resident_bytes", steady.Pid) is not null);
        Assert.True(await EventuallyAsync(http, "^memmon_system_memory_health_score(\\{\\})? [0-9.]+$"), "no health score exported");

        await leaking.ExitAsync();
        await Task.Delay(1000);
        text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Null(Value(text, "memmon_process_leak_risk", leaking.Pid));
        Assert.Null(Value(text, "memmon_process_resident_bytes", leaking.Pid));
        await app.StopAsync();
    }

    /// <summary>Scrapes until a line matches (bounded), for values published on the agent's own cadence.</summary>
    private static async Task<bool> EventuallyAsync(HttpClient http, string pattern)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Regex.IsMatch(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), pattern, RegexOptions.Multiline))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>The value of a family's series for a pid, or null when the series is not exported.</summary>
    private static double? Value(string text, string family, int pid)
    {
        var match = Regex.Match(text, $"^{family}\\{{pid=\"{pid}\",[^}}]*\\}} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }
}
