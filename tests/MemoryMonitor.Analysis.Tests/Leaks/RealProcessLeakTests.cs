using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Analysis.Tests.Children;
using Xunit.Abstractions;

namespace MemoryMonitor.Analysis.Tests.Leaks;

/// <summary>
/// Real children allocating and touching memory in known shapes, their resident memory read from the real /proc.
/// The issue's case is a 2 MB/min leak out of a 64 MB base sampled every second; here time runs ten times faster
/// (20 MB/min, sampled every 100 ms), which keeps the shape per sample and so the verdict (see
/// LeakAnalyzerTests.Same_shape_compressed_in_time_gives_the_same_risk). The full-length run is the `leak`
/// benchmark. All children run at once: one 40 s run.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealProcessLeakTests(ITestOutputHelper output)
{
    private const string TimeScale = "10";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Leaking_child_reaches_high_risk_while_sawtooth_periodic_steady_and_step_children_stay_low()
    {
        // Shapes in scaled seconds: a 20 s GC cycle (20 samples), a 30 s wave, a step at 100 s (10 s of wall time).
        var shapes = new (string Name, string[] Arguments)[]
        {
            ("leak", ["leak", "64", "2"]),
            ("ratchet", ["ratchet", "64", "32", "20", "2"]),
            ("sawtooth", ["sawtooth", "64", "32", "20"]),
            ("periodic", ["periodic", "64", "32", "30"]),
            ("steady", ["steady", "64"]),
            ("step", ["step", "64", "32", "100"]),
        };
        var children = new List<PatternChild>();
        try
        {
            foreach (var (name, arguments) in shapes)
            {
                children.Add(await PatternChild.StartAsync(name, ["--time-scale", TimeScale, .. arguments]));
            }

            var results = await SampleAndAssessAsync(children);
            foreach (var (name, result) in results)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-9} samples={result.Samples} max risk={result.MaxRisk:F3} final risk={result.Final.Risk:F3} pattern={result.Final.Pattern} growth={result.Final.GrowthBytesPerSecond * 60 / SyntheticSeries.Mb:F2} MB/min flagged after={result.FlaggedAfterSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"} s"));
            }

            Assert.True(results["leak"].Final.Risk >= 0.8, $"leak: final risk {results["leak"].Final.Risk}");
            Assert.Equal(LeakPattern.Growing, results["leak"].Final.Pattern);
            Assert.InRange(results["leak"].Final.GrowthBytesPerSecond * 60 / SyntheticSeries.Mb, 20 * 0.9, 20 * 1.1);
            Assert.True(results["ratchet"].Final.Risk >= 0.8, $"ratchet: final risk {results["ratchet"].Final.Risk}");
            foreach (var name in new[] { "sawtooth", "periodic", "steady", "step" })
            {
                Assert.True(results[name].MaxRisk < 0.3, $"{name}: max risk {results[name].MaxRisk} ({results[name].Final.Pattern})");
            }
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>Samples every child each interval and assesses everything seen so far, as the agent would each tick.</summary>
    private static async Task<Dictionary<string, RunResult>> SampleAndAssessAsync(List<PatternChild> children)
    {
        var seconds = children.ToDictionary(c => c.Name, _ => new List<double>());
        var bytes = children.ToDictionary(c => c.Name, _ => new List<double>());
        var results = children.ToDictionary(c => c.Name, _ => new RunResult());
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Interval);
        while (clock.Elapsed < Duration && await timer.WaitForNextTickAsync())
        {
            foreach (var child in children)
            {
                var resident = child.ResidentBytes() ?? throw new InvalidOperationException($"child {child.Name} exited early");
                seconds[child.Name].Add(clock.Elapsed.TotalSeconds);
                bytes[child.Name].Add(resident);
                var assessment = LeakAnalyzer.Assess(
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seconds[child.Name]),
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes[child.Name]),
                    headroomBytes: null);
                var result = results[child.Name];
                result.Samples++;
                result.MaxRisk = Math.Max(result.MaxRisk, assessment.Risk);
                result.Final = assessment;
                if (assessment.Risk >= 0.8 && result.FlaggedAfterSeconds is null)
                {
                    result.FlaggedAfterSeconds = clock.Elapsed.TotalSeconds;
                }
            }
        }

        return results;
    }

    private sealed class RunResult
    {
        public int Samples { get; set; }

        public double MaxRisk { get; set; }

        public LeakAssessment Final { get; set; }

        public double? FlaggedAfterSeconds { get; set; }
    }
}
