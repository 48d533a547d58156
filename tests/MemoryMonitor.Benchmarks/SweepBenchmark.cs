using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Benchmarks;

/// <summary>
/// CPU per collection sweep, ProcessSweeper against a C program reading and parsing the same files for the
/// same processes, interleaved in one run so machine noise hits both alike. Target: .NET at most 1.25x C.
/// </summary>
internal static class SweepBenchmark
{
    private const int Rounds = 5;
    private const double Target = 1.25;

    public static int Run(int sweeps, int minimumProcesses)
    {
        var c = CompileFloor();
        using var sleepers = Sleepers.TopUpTo(minimumProcesses);
        Console.WriteLine($"{Sleepers.CountUserProcesses()} user processes; {sweeps} sweeps per measurement; {Rounds} interleaved rounds; median reported");
        var results = new List<string>();
        var missed = false;
        foreach (var full in new[] { false, true })
        {
            var settings = new CollectionSettings
            {
                // FromTicks(1): smaps_rollup is due on every sweep; Zero turns it off.
                SmapsInterval = full ? TimeSpan.FromTicks(1) : TimeSpan.Zero,
                SlowSmapsRead = TimeSpan.FromSeconds(10),
            };
            var sweeper = new ProcessSweeper(settings, TimeProvider.System, new ReadErrorCounters());
            for (var i = 0; i < 20; i++)
            {
                sweeper.Sweep();
            }

            var dotnet = new List<double>();
            var floor = new List<double>();
            var floorProcesses = 0;
            long allocated = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var (cpu, counted) = RunFloor(c, full ? "full" : "tick", sweeps);
                floor.Add(cpu);
                floorProcesses = counted;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < sweeps; i++)
                {
                    sweeper.Sweep();
                }

                allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / sweeps;
                dotnet.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / sweeps);
            }

            var ratio = Median(dotnet) / Median(floor);
            missed |= ratio > Target;
            results.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {(full ? "full (stat+status+smaps_rollup)" : "tick (stat+status)")} | {sweeper.Processes.Count} / {floorProcesses} | {Median(floor):0} | {Median(dotnet):0} | {ratio:0.00} | {(ratio <= Target ? "met" : "MISSED")} | {allocated} |"));
        }

        Console.WriteLine("| sweep | processes (.NET / C) | C us/sweep | .NET us/sweep | .NET / C | target <= 1.25 | .NET bytes allocated/sweep |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        results.ForEach(Console.WriteLine);
        return missed ? 1 : 0;
    }

    private static (double CpuMicroseconds, int Processes) RunFloor(string binary, string mode, int sweeps)
    {
        using var process = Process.Start(new ProcessStartInfo(binary, [mode, sweeps.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var parts = output.Split(' ', StringSplitOptions.TrimEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return (double.Parse(parts["cpu_us_per_sweep"], CultureInfo.InvariantCulture), int.Parse(parts["processes"], CultureInfo.InvariantCulture));
    }

    private static string CompileFloor()
    {
        var output = Path.Combine(Path.GetTempPath(), $"memmon-sweep-floor-{Environment.ProcessId}");
        using var gcc = Process.Start("gcc", ["-O2", "-o", output, Path.Combine(AppContext.BaseDirectory, "c", "sweep.c")]);
        gcc.WaitForExit();
        return gcc.ExitCode == 0 ? output : throw new InvalidOperationException("gcc failed to build c/sweep.c (apt-get install gcc)");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
