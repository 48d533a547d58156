using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Children;
using MemoryMonitor.Agent.Tests.Churn;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Hardening;

/// <summary>
/// A scraper that stops reading mid-response (a stuck Prometheus, a half-dead proxy) must not hold anything
/// the sweep needs: if writing the exposition held the series locks, the next process start or exit would
/// stall every sweep behind the stuck client.
/// </summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed partial class SlowScraperTests
{
    [Fact]
    public async Task A_scraper_that_stops_reading_stalls_neither_sweeps_nor_other_scrapers()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.EveryProcess(port));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Readiness.WaitAsync(http);

        // 4,000 processes with series of their own make an exposition (about 4.7 MB) larger than the largest
        // send buffer the kernel gives a socket (tcp_wmem max, 4 MiB by default), so the stuck client really
        // blocks the server's write; checked below from what the client finally receives.
        await using var first = Sleepers.Start(500);
        await using var second = Sleepers.Start(3500);
        await WaitUntilExportedAsync(http, [.. first.Pids, .. second.Pids]);

        using var stuck = new TcpClient { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync("127.0.0.1", port);
        await stuck.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
        await Task.Delay(1000);

        // While it is stuck: processes exit (their series must go) and the sweeps go on.
        var sweepsBefore = Sweeps(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        var exited = first.Pids;
        await first.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string text;
        do
        {
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }
        while (ProcessChurnTests.ResidentSeriesPids(text).Overlaps(exited) && DateTime.UtcNow < deadline);

        Assert.False(ProcessChurnTests.ResidentSeriesPids(text).Overlaps(exited), "series of exited processes stayed while a scraper was stuck");
        Assert.True(Sweeps(text) > sweepsBefore, "no sweep completed while a scraper was stuck");
        Assert.True(second.Pids.IsSubsetOf(ProcessChurnTests.ResidentSeriesPids(text)));

        // The stuck client was really holding a large response: it gets all of it once it reads again.
        var received = await DrainAsync(stuck.GetStream());
        var largestSendBuffer = long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_wmem").Split('\t', ' ')[^1].Trim(), CultureInfo.InvariantCulture);
        Assert.True(received > largestSendBuffer, $"the stuck response was {received} bytes, within a {largestSendBuffer}-byte send buffer: the server never blocked");
        await app.StopAsync();
    }

    private static async Task WaitUntilExportedAsync(HttpClient http, HashSet<int> pids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!pids.IsSubsetOf(ProcessChurnTests.ResidentSeriesPids(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)))))
        {
            Assert.True(DateTime.UtcNow < deadline, "the sleepers never got their series");
            await Task.Delay(200);
        }
    }

    private static async Task<long> DrainAsync(NetworkStream stream)
    {
        var buffer = new byte[1 << 16];
        var total = 0L;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            total += read;
            var chunk = Encoding.ASCII.GetString(buffer, 0, read);
            if (chunk.Contains("\r\n0\r\n\r\n", StringComparison.Ordinal) || chunk.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                break; // end of the chunked response
            }
        }

        return total;
    }

    private static long Sweeps(string metrics) =>
        SweepsLine().Match(metrics) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    [GeneratedRegex(@"^memmon_agent_sweeps_total(?:\{\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex SweepsLine();
}
