using System.Globalization;
using MemoryMonitor.Benchmarks;
using MemoryMonitor.Benchmarks.Nab;

// Usage: dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- sweep [SWEEPS] [PROCESSES]
//        dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- analysis [TICKS] [PROCESSES]
//        dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- footprint [unbounded] [PROCESSES ...]   (engine heap per process, synthetic processes)
//        dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- nab [NAB_DIR] [Setting=Value ...]
//        dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- nab-cv [NAB_DIR] [Setting=Value | Setting=v1,v2 ...]   (see run-nab-cv.sh)
//        dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- leak MEMORY_PATTERN_BINARY [SECONDS=300]   (see run-leak-benchmark.sh)
const string Usage = "usage: MemoryMonitor.Benchmarks sweep [SWEEPS=200] [PROCESSES=1000]\n" +
                     "       MemoryMonitor.Benchmarks analysis [TICKS=100] [PROCESSES=1000]\n" +
                     "       MemoryMonitor.Benchmarks footprint [unbounded] [PROCESSES=1000 5000 10000]\n" +
                     "       MemoryMonitor.Benchmarks nab [NAB_DIR=../shared/datasets/nab] [Setting=Value ...]\n" +
                     "       MemoryMonitor.Benchmarks nab-cv [NAB_DIR=../shared/datasets/nab] [Setting=Value | Setting=v1,v2,... ...]\n" +
                     "       MemoryMonitor.Benchmarks leak MEMORY_PATTERN_BINARY [SECONDS=300]";
switch (args.Length == 0 ? "" : args[0])
{
    case "sweep":
        var sweeps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var processes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        return SweepBenchmark.Run(sweeps, processes);
    case "analysis":
        var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var judged = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        return AnalysisCostBenchmark.Run(ticks, judged);
    case "footprint":
        var unbounded = args.Length > 1 && args[1] == "unbounded";
        int[] populations = [.. args.Skip(unbounded ? 2 : 1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
        return EngineFootprintBenchmark.Run(populations.Length > 0 ? populations : [1000, 5000, 10000], unbounded);
    case "leak" when args.Length > 1:
        return await LeakBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300);
    case "nab":
        var root = args.Length > 1 && !args[1].Contains('=', StringComparison.Ordinal) ? args[1] : "../shared/datasets/nab";
        if (!Directory.Exists(Path.Combine(root, "data")))
        {
            Console.Error.WriteLine($"nab: {Path.GetFullPath(root)} has no data/ directory (expected a NAB checkout or subset)");
            return 2;
        }

        var settings = args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal)).ToArray();
        return NabBenchmark.Run(root, settings);
    case "nab-cv":
        var cvRoot = args.Length > 1 && !args[1].Contains('=', StringComparison.Ordinal) ? args[1] : "../shared/datasets/nab";
        if (!Directory.Exists(Path.Combine(cvRoot, "data")))
        {
            Console.Error.WriteLine($"nab-cv: {Path.GetFullPath(cvRoot)} has no data/ directory (expected a NAB checkout or subset)");
            return 2;
        }

        return NabCrossValidation.Run(cvRoot, [.. args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal))]);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
