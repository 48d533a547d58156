using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Tests.Children;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Sweeps;
using Xunit.Abstractions;

namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>
/// Issue 10's scenario, at 4x speed, on real cgroups (v1 here): two docker-like containers with a 256 MiB limit,
/// each with a reader that fills its page cache to the limit; in B a process leaks 4 MiB/s from 32 MiB. Usage sits at
/// the limit in both from the first seconds, so a forecast on limit - usage says "seconds to OOM" for everything.
/// The reclaim-aware forecast must give the leaker and its container a time within 30% of the real OOM kill, and the
/// cache-only neighbour none under an hour.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PageCacheForecastTests(ITestOutputHelper output) : IDisposable
{
    private const long LimitBytes = 256L * 1024 * 1024;
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("memmon-pagecache-");

    public void Dispose() => _files.Delete(recursive: true);

    [Fact]
    public async Task A_leak_under_a_full_page_cache_is_forecast_and_the_cache_alone_is_not()
    {
        var file = WriteUncachedFile(Path.Combine(_files.FullName, "big"), 512);
        using var quiet = TestCgroup.Create("docker/" + ContainerId('a'), LimitBytes);
        using var leaking = TestCgroup.Create("docker/" + ContainerId('b'), LimitBytes);
        using var quietReader = CacheReader(quiet, file);
        using var leakingReader = CacheReader(leaking, file);
        using var leaker = await PatternChild.StartInCgroupAsync("leak", leaking.ProcsFile, "--time-scale", "10", "leak", "32", "24");
        using var collector = new MemoryCollector(new CollectionSettings { SmapsInterval = TimeSpan.Zero }, TimeProvider.System, new ReadErrorCounters());
        var engine = new AnalysisEngine(new AnalysisSettings { LeakEveryTicks = 1 }, baselines: null);
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));

        // 30 s of samples: the leaker holds about 152 MiB of its 256, the caches have filled both limits long ago.
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && await timer.WaitForNextTickAsync())
        {
            engine.Analyze(collector.Collect());
        }

        var forecastAt = clock.Elapsed.TotalSeconds;
        var process = engine.Processes.Single(p => p.Process.Pid == leaker.Pid).Judgement;
        var leakingContainer = engine.Containers.Single(c => c.Container.Identity.ContainerId == ContainerId('b'));
        var quietContainer = engine.Containers.Single(c => c.Container.Identity.ContainerId == ContainerId('a'));
        var quietProcess = engine.Processes.Single(p => p.Process.Pid == quietReader.Pid).Judgement;
        var usageAtForecast = (quiet.UsageBytes, leaking.UsageBytes);

        // The judgements are live objects that later ticks update: keep the forecasts made now.
        var (processForecast, containerForecast) = (process.ExhaustionSeconds, leakingContainer.Judgement.ExhaustionSeconds);
        var (quietContainerForecast, quietProcessForecast) = (quietContainer.Judgement.ExhaustionSeconds, quietProcess.ExhaustionSeconds);
        var (committed, workingSet) = (leakingContainer.Container.UnreclaimableBytes, leakingContainer.Container.WorkingSetBytes);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await leaker.WaitForExitAsync(deadline.Token);
        var actual = clock.Elapsed.TotalSeconds - forecastAt;

        // The kill reaches the agent through /dev/kmsg at its next sweep, scored against the forecast it had made.
        var kills = new List<OomKillJudgement>();
        for (var sweep = 0; sweep < 20 && kills.Count == 0; sweep++)
        {
            await timer.WaitForNextTickAsync();
            engine.Analyze(collector.Collect());
            kills.AddRange(engine.OomKills.Where(k => k.Kill.Pid == leaker.Pid));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"usage at forecast: quiet {usageAtForecast.Item1 / 1048576.0:F0} MiB, leaking {usageAtForecast.Item2 / 1048576.0:F0} MiB of {LimitBytes / 1048576}; " +
            $"leaking container committed {committed / 1048576.0:F0} MiB, working set {workingSet / 1048576.0:F0} MiB; " +
            $"forecast process {processForecast:F1} s, container {containerForecast:F1} s; OOM-killed after {actual:F1} s (exit {leaker.ExitCode}, oom_kill {leaking.OomKills}); " +
            $"quiet container {quietContainerForecast?.ToString("F0", CultureInfo.InvariantCulture) ?? "none"}, quiet reader {quietProcessForecast?.ToString("F0", CultureInfo.InvariantCulture) ?? "none"}"));

        Assert.Equal(137, leaker.ExitCode);
        var kill = Assert.Single(kills);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill of {kill.Kill.Comm} in {kill.Kill.TaskMemcg}: lead {kill.LeadSeconds:F1} s"));
        Assert.Equal(ContainerId('b'), kill.Kill.Container?.ContainerId);
        Assert.Equal("memory_pattern", kill.Kill.Comm);
        Assert.True(kill.LeadSeconds >= actual, $"lead {kill.LeadSeconds} s, but the forecast stood {actual:F1} s before the kill");
        Assert.InRange(processForecast ?? double.NaN, actual * 0.7, actual * 1.3);
        Assert.InRange(containerForecast ?? double.NaN, actual * 0.7, actual * 1.3);
        Assert.True(quietContainerForecast is null or > 3600, $"quiet container forecast {quietContainerForecast} s");
        Assert.True(quietProcessForecast is null or > 3600, $"quiet reader forecast {quietProcessForecast} s");
    }

    private static string ContainerId(char digit) => new(digit, 64);

    /// <summary>
    /// Page cache is charged to the cgroup that first reads a page (ENVIRONMENT.md): the file is written here,
    /// synced and dropped from the cache, so the readers inside the containers charge it to themselves.
    /// </summary>
    private static string WriteUncachedFile(string path, int mebibytes)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'m');
            for (var i = 0; i < mebibytes; i++)
            {
                stream.Write(block);
            }

            stream.Flush(flushToDisk: true);
        }

        Run("dd", $"if={path} iflag=nocache count=0");
        return path;
    }

    /// <summary>A reader in the cgroup that reads the whole file every two seconds, keeping its page cache at the limit.</summary>
    private static Reader CacheReader(TestCgroup cgroup, string file) =>
        new(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo $$ > \"$0\" && while :; do dd if=\"$1\" of=/dev/null bs=1M 2>/dev/null; sleep 2; done", cgroup.ProcsFile, file]))
            ?? throw new InvalidOperationException("could not start the cache reader"));

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not start {command}");
        process.WaitForExit();
    }

    /// <summary>The reader's shell loop and its dd and sleep children, all killed on dispose so the cgroup can be removed.</summary>
    private sealed class Reader(Process shell) : IDisposable
    {
        public int Pid => shell.Id;

        public void Dispose()
        {
            if (!shell.HasExited)
            {
                shell.Kill(entireProcessTree: true);
                shell.WaitForExit();
            }

            shell.Dispose();
        }
    }
}
