using MemoryMonitor.Benchmarks;

// Usage: dotnet run -c Release --project tests/MemoryMonitor.Benchmarks -- sweep [SWEEPS] [PROCESSES]
//        ... -- leak MEMORY_PATTERN_BINARY [SECONDS=300]   (see run-leak-benchmark.sh)
if (args is ["leak", var patternBinary, ..])
{
    return LeakBenchmark.Run(patternBinary, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300);
}

if (args.Length == 0 || args[0] != "sweep")
{
    Console.Error.WriteLine("usage: MemoryMonitor.Benchmarks sweep [SWEEPS=200] [PROCESSES=1000]");
    return 2;
}

var sweeps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
var processes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
return SweepBenchmark.Run(sweeps, processes);
