using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Children;
using MemoryMonitor.Collection;
using MemoryMonitor.Export;
using MemoryMonitor.TestSupport;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Proto.Metrics.V1;

namespace MemoryMonitor.Agent.Tests.Otlp;

/// <summary>
/// OTLP push to a real receiver on loopback, over OTLP/HTTP and gRPC, which reads each request with the OTLP schema
/// (<see cref="OtlpReceiver"/>).
/// </summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class OtlpPushTests
{
    private static readonly string Resident = MetricNames.InstrumentName(MetricNames.ProcessResident);
    private static readonly string ResidentKind = MetricNames.InstrumentName(MetricNames.ProcessResidentKind);

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf, "application/x-protobuf")]
    [InlineData(OtlpExportProtocol.Grpc, "application/grpc")]
    public async Task Otlp_push_carries_system_and_per_process_metrics_to_the_collector(OtlpExportProtocol protocol, string contentType)
    {
        await using var receiver = await OtlpReceiver.StartAsync(grpc: protocol == OtlpExportProtocol.Grpc);
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(PushingEverySecond(agentPort, receiver.Endpoint) with
        {
            OtlpProtocol = protocol,
            OtlpResourceAttributes = new Dictionary<string, string> { ["k8s.node.name"] = "node-1" },
            OtlpHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer t0ken" },
        });
        await agent.StartAsync();

        var ownPid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && receiver.Received.Count(r => HasPid(r, Resident, ownPid)) < 2)
        {
            await Task.Delay(200);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agentPort}") };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        await agent.StopAsync();
        var pushes = receiver.Received.Where(r => HasPid(r, Resident, ownPid)).ToList();
        Assert.True(pushes.Count >= 2, $"{pushes.Count} of {receiver.Received.Count} pushes carried this process; unreadable: {string.Join(" / ", receiver.Unreadable)}");
        Assert.Empty(receiver.Unreadable);
        Assert.Matches(Pushes("ok"), text);
        Assert.All(pushes, r => Assert.StartsWith(contentType, r.ContentType, StringComparison.Ordinal));
        Assert.All(pushes, r => Assert.Equal("Bearer t0ken", r.Authorization));

        var first = pushes[0];
        var resource = first.Request.ResourceMetrics.Single().Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
        Assert.Equal("memmon", resource["service.name"]);
        Assert.Equal("node-1", resource["k8s.node.name"]);
        Assert.Equal("By", first.Metric(MetricNames.SystemMemory)!.Unit);
        Assert.Contains(OtlpRequest.NumberPoints(first.Metric(MetricNames.SystemMemory)!), p => OtlpRequest.Attribute(p, "state") == "total" && p.AsDouble > 0);

        // Counters are cumulative from the agent's start: the same start time, never a smaller sum.
        var sweeps = pushes.Select(r => r.Metric(MetricNames.AgentSweeps)!.Sum).ToList();
        Assert.All(sweeps, sum => Assert.True(sum.IsMonotonic && sum.AggregationTemporality == AggregationTemporality.Cumulative));
        Assert.Single(sweeps.Select(sum => sum.DataPoints.Single().StartTimeUnixNano).Distinct());
        Assert.True(sweeps[^1].DataPoints.Single().AsDouble >= sweeps[0].DataPoints.Single().AsDouble);
        Assert.NotEmpty(first.Metric(MetricNames.AgentSweepDuration)!.Histogram.DataPoints);
    }

    [Fact]
    public async Task Otlp_carries_every_process_of_a_top_n_of_hundreds()
    {
        // memmon_process_resident_kind has three series a process: the OpenTelemetry SDK, at its default of 2,000
        // series a stream, overflowed OTLP from about 670 processes on, while /metrics showed them all.
        await using var children = Sleepers.Start(800);
        await using var receiver = await OtlpReceiver.StartAsync();
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(PushingEverySecond(agentPort, receiver.Endpoint));
        await agent.StartAsync();

        // The children exist before the first sweep, so every push with per-process series carries at least 800
        // individual processes: more than the 667 that overflowed.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        OtlpRequest? full = null;
        while (DateTime.UtcNow < deadline && full is null)
        {
            full = receiver.Received.FirstOrDefault(r => Processes(r).Count() >= 800);
            await Task.Delay(200);
        }

        await agent.StopAsync();
        Assert.NotNull(full);
        Assert.Empty(receiver.Unreadable);
        Assert.All(Processes(full), process => Assert.Equal(["anon", "file", "shmem"], process.Select(p => OtlpRequest.Attribute(p, "kind")).Order(StringComparer.Ordinal)));
    }

    /// <summary>The resident-by-kind points of each process a push carries.</summary>
    private static IEnumerable<IGrouping<string?, NumberDataPoint>> Processes(OtlpRequest request) =>
        request.Metric(ResidentKind) is { } metric ? OtlpRequest.NumberPoints(metric).GroupBy(p => OtlpRequest.Attribute(p, "pid")) : [];

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
        await using var receiver = await OtlpReceiver.StartAsync(before: collector.HoldAsync);
        var agentPort = Ports.Free();
        await using var agent = AgentHost.Build(InProcessAgent.Options(agentPort, TimeSpan.FromMilliseconds(300)) with
        {
            TopProcesses = 1000,
            OtlpEndpoint = receiver.Endpoint,
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
            && !(receiver.Received.Any(r => r.Metric(Resident) is not null) && System.Text.RegularExpressions.Regex.IsMatch(recovered, Pushes("ok"))));

        await agent.StopAsync();
        Assert.True(heldPushes >= 2, $"the collector held only {heldPushes} pushes");
        Assert.Matches(Pushes("timeout"), whileHeld);
        Assert.Matches(Pushes("ok"), recovered);
        // A queue would show as pushes piling up at the collector; a push ends (timeout) before the next
        // begins, and at most one more can be seen while the server notices the client's abort.
        Assert.InRange(collector.MostAtOnce, 1, 2);
        Assert.Contains(receiver.Received, r => r.Metric(Resident) is not null);
    }

    /// <summary>An agent sweeping every 500 ms with a top 1000, pushing every second to the receiver.</summary>
    private static AgentOptions PushingEverySecond(int agentPort, Uri receiver) =>
        InProcessAgent.Options(agentPort, TimeSpan.FromMilliseconds(500)) with
        {
            TopProcesses = 1000,
            OtlpEndpoint = receiver,
            OtlpInterval = TimeSpan.FromSeconds(1),
            Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
        };

    private static bool HasPid(OtlpRequest request, string metric, string pid) =>
        request.Metric(metric) is { } m && OtlpRequest.NumberPoints(m).Any(p => OtlpRequest.Attribute(p, "pid") == pid);

    /// <summary>An OTLP receiver that holds every request open until it is told to recover.</summary>
    private sealed class SlowCollector
    {
        private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _open;
        private int _mostAtOnce;
        private int _held;

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

    /// <summary>The agent's own count of pushes with this result, at least one.</summary>
    private static string Pushes(string result) => $"(?m)^memmon_agent_otlp_pushes_total\\{{result=\"{result}\"\\}} [1-9]";

}
