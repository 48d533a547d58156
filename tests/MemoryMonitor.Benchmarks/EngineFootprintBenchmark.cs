using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;

namespace MemoryMonitor.Benchmarks;

/// <summary>
/// The analysis engine's managed heap per process at 1,000 to 10,000 processes, without starting them: synthetic
/// process records (sizes spread from 1 to 500 MiB, each on a seeded random walk) fed to the real engine at default
/// settings (or without the bound on analysed processes) for a full history plus ten ticks, after one real read of this node's system files. The heap is read
/// with a full GC before the engine exists and after the run; the difference over the processes is what one costs.
/// CPU is the engine's own (no sweep), for the cost of admission and analysis per tick at that size.
/// </summary>
internal static class EngineFootprintBenchmark
{
    /// <param name="populations">Process counts to measure, one engine each.</param>
    /// <param name="unbounded">Lifts <see cref="AnalysisSettings.MaxAnalysedProcesses"/>, to see the per-process cost the bound caps.</param>
    public static int Run(IReadOnlyList<int> populations, bool unbounded)
    {
        using var collector = new MemoryCollector(new CollectionSettings { SmapsInterval = TimeSpan.Zero }, TimeProvider.System, new ReadErrorCounters());
        var system = collector.Collect().System;
        Console.WriteLine("| processes | analysed (own judgement) | ticks | engine heap MB | engine heap bytes per process | by construction per analysed process | analysis CPU us/tick |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var count in populations)
        {
            var random = new Random(count);
            var records = new ProcessRecord[count];
            for (var i = 0; i < count; i++)
            {
                records[i] = new ProcessRecord(10_000 + i, startTimeTicks: i)
                {
                    Comm = "worker" + (i % 50).ToString(CultureInfo.InvariantCulture),
                    ResidentBytes = 4096L * random.Next(256, 128_000),
                    VirtualBytes = 1L << 32,
                    Threads = 1,
                };
                records[i].ResidentAnonBytes = records[i].ResidentBytes / 2;
                records[i].ResidentFileBytes = records[i].ResidentBytes / 2;
            }

            var settings = unbounded ? new AnalysisSettings { MaxAnalysedProcesses = int.MaxValue } : new AnalysisSettings();
            var ticks = settings.HistoryCapacity + 10;
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var engine = new AnalysisEngine(settings, baselines: null);
            var cpu = TimeSpan.Zero;
            for (var tick = 0; tick < ticks; tick++)
            {
                foreach (var record in records)
                {
                    // A walk of up to a page either way per tick, faults counting up.
                    record.ResidentBytes = Math.Max(4096, record.ResidentBytes + (4096L * random.Next(-1, 2)));
                    record.MinorFaults += random.Next(0, 100);
                }

                var sweep = new Sweep(system with { Monotonic = TimeSpan.FromSeconds(15 * (tick + 1)) }, records, [], [], [], 0);
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                engine.Analyze(sweep);
                cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
            }

            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var analysed = engine.Processes.Count(p => !ReferenceEquals(p.Judgement, ProcessJudgement.Unjudged));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {analysed} | {ticks} | {(heapAfter - heapBefore) / 1e6:0.0} | {(heapAfter - heapBefore) / count} | {engine.BytesPerProcess} | {cpu.TotalMicroseconds / ticks:0} |"));
            GC.KeepAlive(engine);
        }

        return 0;
    }
}
