using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Benchmarks;

/// <summary>
/// CPU the analysis engine adds per tick for >= 1,000 processes, against the collection sweep of the same tick.
/// Target: at most 20% of the sweep. Ticks run back to back on a simulated 15 s clock, after enough warm-up
/// ticks that every history is full and every detector warmed, with a real SQLite baseline store.
/// </summary>
internal static class AnalysisCostBenchmark
{
    private const double Target = 0.20;

    public static int Run(int ticks, int minimumProcesses)
    {
        using var sleepers = Sleepers.TopUpTo(minimumProcesses);
        var clock = new SteppedClock();
        var errors = new ReadErrorCounters();
        var settings = new AnalysisSettings();
        using var collector = new MemoryCollector(new CollectionSettings { SmapsInterval = TimeSpan.FromMinutes(1) }, clock, errors);
        var state = Directory.CreateTempSubdirectory("memmon-analysis-bench-");
        using var store = BaselineStore.Open(state.FullName, Console.Error.WriteLine);
        // One sweep before the engine exists, so the collector's own per-process state is in the heap measured
        // before and the difference after the run is what the engine holds.
        collector.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var engine = new AnalysisEngine(settings, store);

        var warmUp = settings.HistoryCapacity + 10;
        Console.WriteLine($"{Sleepers.CountUserProcesses()} user processes; {warmUp} warm-up ticks; {ticks} measured ticks of 15 s simulated time");
        TimeSpan sweepCpu = TimeSpan.Zero, analysisCpu = TimeSpan.Zero;
        long analysisAllocated = 0, sweepAllocated = 0;
        for (var tick = 0; tick < warmUp + ticks; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            var measured = tick >= warmUp;
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var sweepAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var sweep = collector.Collect();
            var sweepAllocatedAfter = GC.GetAllocatedBytesForCurrentThread();
            var afterSweep = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            engine.Analyze(sweep);
            var afterAnalysis = Process.GetCurrentProcess().TotalProcessorTime;
            if (measured)
            {
                sweepCpu += afterSweep - before;
                analysisCpu += afterAnalysis - afterSweep;
                analysisAllocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                sweepAllocated += sweepAllocatedAfter - sweepAllocatedBefore;
            }
        }

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(engine);
        var ratio = analysisCpu / sweepCpu;
        Console.WriteLine("| processes judged | sweep CPU us/tick | analysis CPU us/tick | analysis / sweep | target <= 0.20 | sweep bytes allocated/tick | analysis bytes allocated/tick | engine bytes per process (by construction) | engine heap bytes per process (measured) | processes whose size moved | baselines stored |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {engine.Processes.Count} | {sweepCpu.TotalMicroseconds / ticks:0} | {analysisCpu.TotalMicroseconds / ticks:0} | {ratio:0.00} | {(ratio <= Target ? "met" : "MISSED")} | {sweepAllocated / ticks} | {analysisAllocated / ticks} | {engine.BytesPerProcess} | {(heapAfter - heapBefore) / Math.Max(1, engine.Processes.Count)} | {engine.MovedCount} | {store.Count} |"));
        state.Delete(recursive: true);
        return ratio <= Target ? 0 : 1;
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;

        // The analysis measures time on the monotonic clock: step it with the wall clock.
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now.UtcTicks;
    }
}
