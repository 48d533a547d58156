using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Children;
using MemoryMonitor.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Otlp;

/// <summary>
/// OTLP push against a real HTTP receiver on loopback. OTLP/HTTP bodies are protobuf, in which metric
/// names and string attribute values are stored as raw UTF-8, so their presence is checked byte-wise.
/// </summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class OtlpPushTests
{
    [Fact]
    public async Task Otlp_push_carries_system_and_per_process_metrics_to_the_collector()
    {
        var received = new ConcurrentQueue<(string ContentType, byte[] Body)>();
        var receiverPort = Ports.Free();
        await using var receiver = StartReceiver(receiverPort, received);
        await receiver.StartAsync();

        var agentPort = Ports.Free();
        await using var agent = PushingEverySecond(agentPort, receiverPort);
        await agent.StartAsync();

        var ownPid = Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        (string ContentType, byte[] Body) match = default;
        while (DateTime.UtcNow < deadline && match.Body is null)
        {
            match = received.FirstOrDefault(r => Contains(r.Body, "memmon_process_resident"u8) && Contains(r.Body, ownPid));
            await Task.Delay(200);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agentPort}") };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await agent.StopAsync();
        Assert.NotNull(match.Body);
        Assert.Matches(Pushes("ok"), text);
        Assert.StartsWith("application/x-protobuf", match.ContentType, StringComparison.Ordinal);
        Assert.Contains(received, r => Contains(r.Body, "memmon_system_memory"u8));
        Assert.Contains(received, r => Contains(r.Body, "memmon_agent_sweeps"u8));
    }

    [Fact]
    public async Task Otlp_carries_a_top_n_of_hundreds_of_processes_without_overflow()
    {
        // memmon_process_resident_kind has three series a process: at the SDK's default of 2,000 series a stream,
        // OTLP overflowed from about 670 processes on, while /metrics showed them all.
        await using var children = Sleepers.Start(800);
        var received = new ConcurrentQueue<(string ContentType, byte[] Body)>();
        var receiverPort = Ports.Free();
        await using var receiver = StartReceiver(receiverPort, received);
        await receiver.StartAsync();

        var agentPort = Ports.Free();
        await using var agent = PushingEverySecond(agentPort, receiverPort);
        await agent.StartAsync();

        // The children exist before the first sweep, so every push with per-process series carries at least 800
        // individual rows: more than the 667 that overflowed.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && received.Count(r => Contains(r.Body, "memmon_process_resident_kind"u8)) < 3)
        {
            await Task.Delay(200);
        }

        await agent.StopAsync();
        Assert.True(received.Count(r => Contains(r.Body, "memmon_process_resident_kind"u8)) >= 3, "fewer than 3 pushes carried per-process series");
        Assert.DoesNotContain(received, r => Contains(r.Body, "otel.metric.overflow"u8));
    }

    [Fact]
    public async Task Unreachable_collector_does_not_stop_the_agent_serving_metrics()
    {
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromMilliseconds(300)) with
        {
            OtlpEndpoint = new Uri($"http://127.0.0.1:{Ports.Free()}"),
            OtlpInterval = TimeSpan.FromMilliseconds(500),
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
        });
        await agent.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agentPort}") };

        // Several failed pushes happen while we scrape.
        string text = string.Empty;
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }

        await agent.StopAsync();
        Assert.Contains("memmon_system_memory_bytes{state=\"total\"}", text, StringComparison.Ordinal);
        Assert.Contains("memmon_process_resident_bytes{pid=", text, StringComparison.Ordinal);
        Assert.Matches(Pushes("failed"), text);
    }

    [Fact]
    public async Task A_slow_collector_gets_one_push_at_a_time_and_pushes_resume_when_it_recovers()
    {
        var collector = new SlowCollector();
        var receiverPort = Ports.Free();
        await using var receiver = StartReceiver(receiverPort, collector.Received, collector.HoldAsync);
        await receiver.StartAsync();

        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromMilliseconds(300)) with
        {
            TopProcesses = 1000,
            OtlpEndpoint = new Uri($"http://127.0.0.1:{receiverPort}"),
            OtlpInterval = TimeSpan.FromMilliseconds(200),
            OtlpTimeout = TimeSpan.FromSeconds(1),
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
        });
        await agent.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agentPort}") };
        await Readiness.WaitAsync(http);

        // Forty push intervals against a collector that never answers; /metrics keeps serving throughout.
        // (Memory under a slow collector over hours is measured by run-soak.sh, which pushes to one.)
        for (var i = 0; i < 16; i++)
        {
            await Task.Delay(500);
            Assert.Contains("memmon_system_memory_bytes", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        }

        var whileHeld = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var heldPushes = collector.Held;
        collector.Recover();
        // The collector stores a body before it answers, and the agent counts the push only when the answer
        // arrives: wait (bounded) for both, or a scrape right after the body can miss the count.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var recovered = string.Empty;
        do
        {
            await Task.Delay(200);
            recovered = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }
        while (DateTime.UtcNow < deadline
            && !(collector.Received.Any(r => Contains(r.Body, "memmon_process_resident"u8)) && System.Text.RegularExpressions.Regex.IsMatch(recovered, Pushes("ok"))));

        await agent.StopAsync();
        Assert.True(heldPushes >= 2, $"the collector held only {heldPushes} pushes");
        Assert.Matches(Pushes("timeout"), whileHeld);
        Assert.Matches(Pushes("ok"), recovered);
        // A queue would show as pushes piling up at the collector; a push ends (timeout) before the next
        // begins, and at most one more can be seen while the server notices the client's abort.
        Assert.InRange(collector.MostAtOnce, 1, 2);
        Assert.Contains(collector.Received, r => Contains(r.Body, "memmon_process_resident"u8));
    }

    /// <summary>An agent sweeping every 500 ms with a top 1000, pushing every second to the receiver on that port.</summary>
    private static WebApplication PushingEverySecond(int agentPort, int receiverPort) =>
        AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromMilliseconds(500)) with
        {
            TopProcesses = 1000,
            OtlpEndpoint = new Uri($"http://127.0.0.1:{receiverPort}"),
            OtlpInterval = TimeSpan.FromSeconds(1),
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
        });

    /// <summary>An OTLP receiver that holds every request open until it is told to recover.</summary>
    private sealed class SlowCollector
    {
        private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _open;
        private int _mostAtOnce;
        private int _held;

        public ConcurrentQueue<(string, byte[] Body)> Received { get; } = new();

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Held => Volatile.Read(ref _held);

        public void Recover() => _recovered.TrySetResult();

        public async Task HoldAsync(HttpContext context)
        {
            if (_recovered.Task.IsCompleted)
            {
                return;
            }

            Interlocked.Increment(ref _held);
            var open = Interlocked.Increment(ref _open);
            InterlockedMax(ref _mostAtOnce, open);
            try
            {
                // Take the whole body first (kept for the handler): Kestrel stops reading a connection whose unread
                // body fills its buffer (1 MB), and then cannot see the agent abandon it. With several hundred
                // processes on the machine a push is that large, and every abandoned push looked still open.
                context.Request.EnableBuffering();
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                context.Request.Body.Position = 0;
                await _recovered.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The agent gave up on this push: exactly what a timeout should do.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private static WebApplication StartReceiver(int port, ConcurrentQueue<(string, byte[])> received, Func<HttpContext, Task>? before = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            if (before is not null)
            {
                await before(context);
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return Results.Empty;
                }
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Ok();
        });
        return app;
    }

    /// <summary>The agent's own count of pushes with this result, at least one.</summary>
    private static string Pushes(string result) => $"(?m)^memmon_agent_otlp_pushes_total\\{{result=\"{result}\"\\}} [1-9]";

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
