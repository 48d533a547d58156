using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Analysis.Tests.Children;
using Xunit.Abstractions;

namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>
/// A real leaking child inside a real memory cgroup with a 128 MiB limit: the forecast is checked against the
/// arithmetic truth and then against the moment the kernel's OOM killer actually stops the child.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CgroupExhaustionTests(ITestOutputHelper output)
{
    private const long LimitBytes = 128L * 1024 * 1024;

    /// <summary>24 MiB per scaled minute at 10x: 4 MiB per wall second.</summary>
    private const double LeakBytesPerSecond = 24.0 * 1024 * 1024 * 10 / 60;

    [Fact]
    public async Task Exhaustion_estimate_under_a_cgroup_limit_is_within_20_percent_of_the_truth()
    {
        using var cgroup = TestCgroup.Create($"memmon-leak-test-{Environment.ProcessId}", LimitBytes);
        using var child = await PatternChild.StartInCgroupAsync("leak", cgroup.ProcsFile, "--time-scale", "10", "leak", "32", "24");
        var seconds = new List<double>();
        var resident = new List<double>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));

        // 12 s of samples: about 80 MiB charged, 48 MiB (12 s) left.
        while (clock.Elapsed < TimeSpan.FromSeconds(12) && await timer.WaitForNextTickAsync())
        {
            seconds.Add(clock.Elapsed.TotalSeconds);
            resident.Add(child.ResidentBytes() ?? throw new InvalidOperationException("leaking child exited before the forecast"));
        }

        var usage = cgroup.UsageBytes;
        var forecastAt = clock.Elapsed.TotalSeconds;
        var headroom = ExhaustionForecast.ContainerHeadroomBytes(cgroup.LimitBytes, usage);
        var assessment = LeakAnalyzer.Assess(seconds.ToArray(), resident.ToArray(), headroom);
        var truth = headroom / LeakBytesPerSecond;

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(deadline.Token);
        var actual = clock.Elapsed.TotalSeconds - forecastAt;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cgroup.Path}: usage {usage / 1048576.0:F1} MiB of {LimitBytes / 1048576} MiB, headroom {headroom / 1048576.0:F1} MiB; growth {assessment.GrowthBytesPerSecond / 1048576.0:F3} MiB/s (true {LeakBytesPerSecond / 1048576.0:F3}); " +
            $"forecast {assessment.ExhaustionSeconds:F2} s, truth {truth:F2} s, OOM-killed after {actual:F2} s (exit {child.ExitCode}, oom_kill {cgroup.OomKills}); risk {assessment.Risk:F2} {assessment.Pattern}"));

        Assert.NotNull(assessment.ExhaustionSeconds);
        Assert.InRange(assessment.ExhaustionSeconds.Value, truth * 0.8, truth * 1.2);
        Assert.InRange(assessment.ExhaustionSeconds.Value, actual * 0.8, actual * 1.2);

        // The child died of the cgroup limit: SIGKILL (128 + 9) from the OOM killer, counted in this group.
        Assert.Equal(137, child.ExitCode);
        Assert.Equal(1, cgroup.OomKills);
    }
}
