using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Analysis.Tracking;

namespace MemoryMonitor.Benchmarks;

/// <summary>
/// The issue's full-length case in real time: a child leaking 2 MB/min out of a 64 MB base, sampled from /proc every
/// second, must be flagged (risk >= 0.8) within 5 minutes, while sawtooth, periodic, steady and step children run
/// alongside and stay under 0.3. The children are tests/MemoryMonitor.Analysis.Tests/Children/memory_pattern.c,
/// with the same shapes as RealProcessLeakTests but without the 10x time compression. Ends with the cost of one
/// assessment of a full window. Samples pass through <see cref="ProcessHistory"/>, the engine's storage, on their way.
/// </summary>
internal static class LeakBenchmark
{
    private static readonly (string Name, string[] Arguments, bool Leaks)[] Shapes =
    [
        ("leak", ["leak", "64", "2"], true),
        ("ratchet", ["ratchet", "64", "32", "20", "2"], true),
        ("sawtooth", ["sawtooth", "64", "32", "20"], false),
        ("periodic", ["periodic", "64", "32", "30"], false),
        ("steady", ["steady", "64"], false),
        ("step", ["step", "64", "32", "100"], false),
    ];

    public static int Run(string patternBinary, int seconds)
    {
        var children = Shapes.Select(s => Start(patternBinary, s.Arguments)).ToArray();
        try
        {
            var times = Shapes.Select(_ => new List<double>()).ToArray();
            var bytes = Shapes.Select(_ => new List<double>()).ToArray();
            // The samples go through the agent's own compact history and back, so what the engine's storage rounds
            // (milliseconds, 4 KiB units) is in what the detector is judged on.
            var histories = Shapes.Select(_ => new ProcessHistory(Math.Max(seconds, 2))).ToArray();
            var window = new HistoryWindow(Math.Max(seconds, 2));
            var maxRisk = new double[Shapes.Length];
            var flaggedAt = new double?[Shapes.Length];
            var final = new LeakAssessment[Shapes.Length];
            var clock = Stopwatch.StartNew();
            for (var tick = 1; tick <= seconds; tick++)
            {
                // Sleep to the next whole second of the run, so a slow tick does not shift every later one.
                var wait = TimeSpan.FromSeconds(tick) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }

                for (var i = 0; i < Shapes.Length; i++)
                {
                    times[i].Add(clock.Elapsed.TotalSeconds);
                    bytes[i].Add(ResidentBytes(children[i].Id));
                    histories[i].Add(new HistorySample(times[i][^1], bytes[i][^1], -1, -1, -1, 0, 0));
                    histories[i].CopyTo(window);
                    final[i] = LeakAnalyzer.Assess(window.SecondsSpan, window.ResidentSpan, headroomBytes: null);
                    maxRisk[i] = Math.Max(maxRisk[i], final[i].Risk);
                    if (final[i].Risk >= 0.8 && flaggedAt[i] is null)
                    {
                        flaggedAt[i] = clock.Elapsed.TotalSeconds;
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Shapes[i].Name} flagged after {flaggedAt[i]:F0} s"));
                    }
                }
            }

            Console.WriteLine($"{"child",-9} {"samples",7} {"max risk",8} {"final",6} {"pattern",-18} {"growth MB/min",13} {"flagged after",13}");
            var ok = true;
            for (var i = 0; i < Shapes.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Shapes[i].Name,-9} {times[i].Count,7} {maxRisk[i],8:F3} {final[i].Risk,6:F3} {final[i].Pattern,-18} {final[i].GrowthBytesPerSecond * 60 / 1048576,13:F2} {(flaggedAt[i] is { } f ? $"{f:F0} s" : "-"),13}"));
                ok &= Shapes[i].Leaks ? flaggedAt[i] is not null : maxRisk[i] < 0.3;
            }

            MeasureCost(times[0].ToArray(), bytes[0].ToArray());
            Console.WriteLine(ok ? "PASS: leaks flagged, other patterns under 0.3" : "FAIL: see the table");
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Kill();
                child.WaitForExit();
                child.Dispose();
            }
        }
    }

    /// <summary>CPU and allocation of one Assess call on the full window, as the agent pays per process per tick.</summary>
    private static void MeasureCost(double[] seconds, double[] bytes)
    {
        for (var i = 0; i < 200; i++)
        {
            LeakAnalyzer.Assess(seconds, bytes, 1e9);
        }

        const int Calls = 5000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            LeakAnalyzer.Assess(seconds, bytes, 1e9);
        }

        clock.Stop();
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Assess on {seconds.Length} samples: {clock.Elapsed.TotalMicroseconds / Calls:F1} us per call, {perCall:F0} bytes allocated per call"));
    }

    private static Process Start(string binary, string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {binary}");
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException($"{binary} {string.Join(' ', arguments)} did not start");
        }

        return process;
    }

    private static double ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS: the child exited");
    }
}
