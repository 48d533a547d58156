using System.Globalization;
using System.Text.RegularExpressions;
using MemoryMonitor.Operations.Tests.Container;
using Xunit.Abstractions;

namespace MemoryMonitor.Operations.Tests.CgroupV2;

/// <summary>
/// Issue 10's scenarios on a real cgroup v2 memory controller: Debian's kernel booted under qemu (TCG) with an
/// initramfs of busybox, the NativeAOT agent and memory_pattern (boot-v2.sh, init.sh). Two docker-like containers with
/// 256 MiB limits whose readers keep their page cache at the limit, a 4 MiB/s leak from 32 MiB in one of them until
/// the kernel OOM-kills it, and a third container held over its memory.high. Everything is asserted on what the
/// agent's /metrics said inside the VM, printed on the serial console.
/// </summary>
// Serial with the container tests: a TCG guest competing with them for the 2 cores would distort the timing it forecasts.
[Collection(SerialContainerTests.Name)]
[Trait("Category", "Integration")]
public sealed partial class CgroupV2VmTests(ITestOutputHelper output)
{
    private const string Leaking = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string CacheOnly = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Throttled = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    private const long LimitBytes = 256L * 1024 * 1024;

    [Fact]
    public async Task Page_cache_leak_oom_kill_high_throttling_and_psi_are_reported_as_the_v2_kernel_sees_them()
    {
        var published = await NativeAgent.GetAsync();
        var script = RepositoryRoot.Combine("tests", "MemoryMonitor.Operations.Tests", "CgroupV2", "boot-v2.sh");
        var console = await ExternalCommand.RunAsync(script, [RepositoryRoot.Combine("artifacts", "cgroup-v2"), published], TimeSpan.FromMinutes(20));
        // Kept for whoever reads a failure: the whole serial console of the last run.
        await File.WriteAllTextAsync(RepositoryRoot.Combine("artifacts", "cgroup-v2", "console.log"), console);
        var run = VmRun.Parse(console);
        output.WriteLine(string.Join('\n', run.Markers));

        var (pid, started) = run.Leak;
        var forecastAt = run.Scrapes["forecast"].At;
        var (exitCode, killedAt) = run.LeakEnd;
        var actual = killedAt - forecastAt;
        var before = run.Scrapes["forecast"].Metrics;
        var after = run.Scrapes["after"].Metrics;
        var container = Value(before, "memmon_container_memory_exhaustion_seconds", $"container_id=\"{Leaking}\"");
        var process = Value(before, "memmon_process_memory_exhaustion_seconds", $"pid=\"{pid}\"");
        var neighbour = Value(before, "memmon_container_memory_exhaustion_seconds", $"container_id=\"{CacheOnly}\"");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"leak from {started:F1} s, forecast at {forecastAt:F1} s: container {container:F1} s, process {process:F1} s, neighbour {neighbour:F0} s; OOM kill at {killedAt:F1} s ({actual:F1} s after the forecast)"));

        Assert.Equal(137, exitCode);

        // The scenario is real only if both caches had filled their limits when the forecast was made (reclaim at the
        // limit keeps usage within a few tens of MiB below it; a usage-based forecast would say seconds were left).
        var caches = run.Fields("caches", m => (A: long.Parse(m[1], CultureInfo.InvariantCulture), B: long.Parse(m[3], CultureInfo.InvariantCulture)));
        Assert.True(caches.A >= 0.8 * LimitBytes && caches.B >= 0.8 * LimitBytes, $"usage at the forecast: A {caches.A}, B {caches.B} of {LimitBytes}");
        Assert.InRange(container ?? double.NaN, actual * 0.7, actual * 1.3);
        Assert.InRange(process ?? double.NaN, actual * 0.7, actual * 1.3);
        Assert.True(neighbour is null or > 3600, $"the cache-only neighbour was forecast to exhaust in {neighbour} s");

        // The kill: the cgroup's own counter, the kernel log's attribution by comm, and the forecast's lead time.
        Assert.Equal(1, Value(after, "memmon_container_oom_kills_total", $"container_id=\"{Leaking}\""));
        Assert.Equal(1, Value(after, "memmon_oom_kills_total", "comm=\"memory_pattern\""));
        Assert.Equal(1, Value(after, "memmon_oom_kill_forecast_lead_seconds_count", string.Empty));
        Assert.True(Value(after, "memmon_oom_kill_forecast_lead_seconds_sum", string.Empty) >= actual * 0.7, "the forecast stood for less time than it gave");
        Assert.Equal(0, Value(after, "memmon_oom_kills_unforeseen_total", string.Empty));

        // memory.high (48 MiB under a steady 96 MiB) throttles without killing, and the group's PSI shows the stalls.
        var throttled = after.Where(line => line.Contains(Throttled, StringComparison.Ordinal)).ToList();
        output.WriteLine($"throttled {run.Fields("throttled", fields => string.Join(" ", fields))}; its series at the last scrape:\n{string.Join('\n', throttled)}");
        Assert.Equal(48L * 1024 * 1024, Value(after, "memmon_container_memory_high_bytes", $"container_id=\"{Throttled}\""));
        Assert.True(Value(after, "memmon_container_memory_events_total", $"container_id=\"{Throttled}\"", "event=\"high\"") > 0);
        Assert.True(Value(after, "memmon_container_memory_pressure_seconds_total", $"container_id=\"{Throttled}\"", "kind=\"some\"") > 0);
        Assert.Equal(0, Value(after, "memmon_container_oom_kills_total", $"container_id=\"{Throttled}\""));
    }

    /// <summary>The value of the one sample of <paramref name="family"/> whose labels contain every fragment, or null.</summary>
    private static double? Value(IReadOnlyList<string> metrics, string family, params string[] labels)
    {
        var matches = metrics.Where(line => line.StartsWith(family + "{", StringComparison.Ordinal) || line.StartsWith(family + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count <= 1, $"{family} {string.Join(',', labels)}: {matches.Count} samples");
        return matches.Count == 0 ? null : double.Parse(matches[0][(matches[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>What init.sh printed: "@@ ..." markers, and the metric lines of each scrape between "@@ scrape NAME T" and "@@ end".</summary>
    private sealed partial record VmRun(IReadOnlyList<string> Markers, IReadOnlyDictionary<string, (double At, IReadOnlyList<string> Metrics)> Scrapes)
    {
        public (int Pid, double At) Leak => Fields("leak start", m => (int.Parse(m[0], CultureInfo.InvariantCulture), Seconds(m[1])));

        public (int ExitCode, double At) LeakEnd => Fields("leak end", m => (int.Parse(m[0], CultureInfo.InvariantCulture), Seconds(m[1])));

        public static VmRun Parse(string console)
        {
            var markers = new List<string>();
            var scrapes = new Dictionary<string, (double, IReadOnlyList<string>)>();
            List<string>? current = null;
            foreach (var raw in console.Split('\n'))
            {
                // A kernel message can land on the serial line before a marker: the marker starts where "@@ " does.
                var line = raw.TrimEnd('\r');
                var marker = line.IndexOf("@@ ", StringComparison.Ordinal);
                line = marker > 0 ? line[marker..] : line;
                if (line.StartsWith("@@ ", StringComparison.Ordinal))
                {
                    markers.Add(line);
                    if (Scrape().Match(line) is { Success: true } scrape)
                    {
                        current = [];
                        scrapes[scrape.Groups[1].Value] = (Seconds(scrape.Groups[2].Value), current);
                    }
                    else if (line == "@@ end")
                    {
                        current = null;
                    }
                }
                else if (current is not null && line.StartsWith("memmon_", StringComparison.Ordinal))
                {
                    current.Add(line);
                }
            }

            Assert.True(markers.Contains("@@ done"), $"the VM did not finish its scenario; console tail:\n{string.Join('\n', console.Split('\n').TakeLast(40))}");
            return new VmRun(markers, scrapes);
        }

        private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);

        public T Fields<T>(string marker, Func<string[], T> parse)
        {
            var line = Markers.Single(m => m.StartsWith("@@ " + marker + " ", StringComparison.Ordinal));
            return parse(line[(marker.Length + 4)..].Split(' '));
        }

        [GeneratedRegex(@"^@@ scrape (\S+) ([0-9.]+)$")]
        private static partial Regex Scrape();
    }
}
