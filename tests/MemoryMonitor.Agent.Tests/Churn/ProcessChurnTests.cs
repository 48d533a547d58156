using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using Xunit.Abstractions;
using MemoryMonitor.TestSupport;
using MemoryMonitor.Agent.Tests.Children;

namespace MemoryMonitor.Agent.Tests.Churn;

/// <summary>
/// The classic failure of per-process exporters is unbounded cardinality. This drives the real agent
/// through 10,000 distinct real processes, every one of them exported with its own series, and checks
/// that /metrics still shows exactly the live processes and never an overflow series.
/// </summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class ProcessChurnTests(ITestOutputHelper output)
{
    private const int Batches = 40;
    private const int ProcessesPerBatch = 250;

    [Fact]
    public async Task Ten_thousand_distinct_processes_leave_only_live_series_and_no_overflow()
    {
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.EveryProcess(port));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // Soak, short form: the agent's file descriptors and managed heap after the churn must be where they were.
        await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var (fdsBefore, heapBefore) = Footprint();
        var seen = new HashSet<int>();
        for (var batch = 0; batch < Batches; batch++)
        {
            await using var children = Sleepers.Start(ProcessesPerBatch);

            // Wait (bounded) until a scrape shows every child of the batch: the agent really saw them.
            var pids = children.Pids;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HashSet<int> exported;
            do
            {
                exported = ResidentSeriesPids(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            }
            while (!pids.IsSubsetOf(exported) && DateTime.UtcNow < deadline);

            Assert.True(pids.IsSubsetOf(exported), $"batch {batch}: {pids.Except(exported).Count()} children never got a series");
            seen.UnionWith(pids);
        }

        Assert.True(seen.Count >= Batches * ProcessesPerBatch * 0.99, $"only {seen.Count} distinct pids were exercised");

        // After two more sweeps, the exported set must be exactly the live processes.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var live = LiveUserPids();
        var finalPids = ResidentSeriesPids(text);
        output.WriteLine($"distinct pids exercised: {seen.Count}; series after churn: {finalPids.Count}; live user processes: {live.Count}");

        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
        // Every exported pid is live, churned ones included (the kernel may have given a churned pid to a new
        // process). Other tests run beside this one, so a process may exit between the last sweep and the look
        // at /proc: such a pid must have lost its series a few sweeps later.
        var gone = finalPids.Except(live).ToHashSet();
        if (gone.Count > 0)
        {
            output.WriteLine($"exported but not live at the first look: {string.Join(", ", gone)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            gone.IntersectWith(ResidentSeriesPids(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))));
            gone.ExceptWith(LiveUserPids());
        }

        Assert.Empty(gone);
        Assert.Contains(Environment.ProcessId, finalPids);
        Assert.True(finalPids.Count <= live.Count + 5, $"{finalPids.Count} series for {live.Count} live processes");
        var (fdsAfter, heapAfter) = Footprint();
        output.WriteLine($"file descriptors {fdsBefore} -> {fdsAfter}; managed heap {heapBefore >> 20} MiB -> {heapAfter >> 20} MiB");
        Assert.InRange(fdsAfter, 0, fdsBefore + 16);
        Assert.InRange(heapAfter, 0, heapBefore + (32L << 20)); // per-process state of 10,000 exited processes is gone
        await app.StopAsync();
    }

    /// <summary>Open file descriptors and the managed heap after a full collection, of this process (which hosts the agent).</summary>
    private static (int FileDescriptors, long ManagedHeap) Footprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (Directory.GetFiles("/proc/self/fd").Length, GC.GetTotalMemory(forceFullCollection: true));
    }

    internal static HashSet<int> ResidentSeriesPids(string metrics)
    {
        var pids = new HashSet<int>();
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith("memmon_process_resident_bytes{pid=\"", StringComparison.Ordinal))
            {
                var start = "memmon_process_resident_bytes{pid=\"".Length;
                var end = line.IndexOf('"', start);
                if (end > start && int.TryParse(line.AsSpan(start, end - start), out var pid))
                {
                    pids.Add(pid);
                }
            }
        }

        return pids;
    }

    /// <summary>Processes with a user address space (kernel threads have an empty cmdline and no VmRSS).</summary>
    private static HashSet<int> LiveUserPids()
    {
        var pids = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "status")).Contains("VmRSS:", StringComparison.Ordinal))
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return pids;
    }
}
