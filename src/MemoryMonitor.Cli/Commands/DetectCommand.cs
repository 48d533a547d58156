using System.CommandLine;
using System.Globalization;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Analysis.Anomaly;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Cli.Replay;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Cli.Sampling;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon detect`: live anomaly and leak detection on this machine, or the same detector over a recorded series.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var replay = new Option<string>("--replay") { Description = "Run the streaming detector over a recorded series (CSV 'timestamp,value', NAB's layout) instead of this machine." };
        var output = new Option<string>("--output") { Description = "With --replay: write 'timestamp,value,anomaly_score' here instead of standard output." };
        var interval = new Option<string>("--interval") { Description = "Live: sampling period.", DefaultValueFactory = _ => "1s" };
        var duration = new Option<string>("--duration") { Description = "Live: stop after this long (0 = until Ctrl+C).", DefaultValueFactory = _ => "0" };
        var threshold = new Option<double>("--threshold") { Description = "Anomaly score at which a finding is printed (or, with --replay, counted). The default is the detector's alert level (tail probability 1e-5).", DefaultValueFactory = _ => new AnalysisSettings().AnomalyThreshold };
        var leakThreshold = new Option<double>("--leak-threshold") { Description = "Live: leak risk at which a leak is printed.", DefaultValueFactory = _ => new AnalysisSettings().FlagThreshold };
        var procfs = ProcfsOption.Create("Live: where procfs is mounted.");
        var command = new Command("detect", "Detect memory anomalies and leaks live on this machine, printing each finding as it appears; or, with --replay, score a recorded series.")
        {
            replay, output, interval, duration, threshold, leakThreshold, procfs,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var limit = parse.GetValue(threshold);
            if (limit is <= 0 or > 1)
            {
                return CliErrors.Report($"--threshold: '{limit.ToString(CultureInfo.InvariantCulture)}' must be in (0, 1]", CliErrors.BadConfiguration);
            }

            var leakLimit = parse.GetValue(leakThreshold);
            if (leakLimit is <= 0 or > 1)
            {
                return CliErrors.Report($"--leak-threshold: '{leakLimit.ToString(CultureInfo.InvariantCulture)}' must be in (0, 1]", CliErrors.BadConfiguration);
            }

            if (parse.GetValue(replay) is { } file)
            {
                return Replay(file, parse.GetValue(output), limit);
            }

            if (parse.GetValue(output) is not null)
            {
                return CliErrors.Report("--output: only with --replay (live findings are printed as they appear)", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(interval), out var period) || period <= TimeSpan.Zero)
            {
                return CliErrors.Report($"--interval: '{parse.GetValue(interval)}' is not a duration greater than 0 (use e.g. 1s, 500ms)", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(duration), out var length))
            {
                return CliErrors.Report($"--duration: '{parse.GetValue(duration)}' is not a duration (use e.g. 30s, 10m; 0 = until Ctrl+C)", CliErrors.BadConfiguration);
            }

            var root = parse.GetValue(procfs)!;
            if (ProcfsOption.Problem(root) is { } problem)
            {
                return CliErrors.Report(problem, CliErrors.BadConfiguration);
            }

            await Live(root, period, length, limit, leakLimit, cancellation).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static int Replay(string file, string? output, double threshold)
    {
        List<SeriesPoint> points;
        try
        {
            points = SeriesCsv.Read(file);
        }
        catch (SeriesCsvException e)
        {
            return CliErrors.Report(e.Message, CliErrors.BadConfiguration);
        }
        catch (IOException e)
        {
            return CliErrors.Report($"{file}: {e.Message}", CliErrors.RuntimeFailure);
        }

        var detector = new SeriesAnomalyDetector();
        var scores = new double[points.Count];
        var found = 0;
        for (var i = 0; i < points.Count; i++)
        {
            scores[i] = detector.Observe(points[i].Value).Score;
            found += scores[i] >= threshold ? 1 : 0;
        }

        try
        {
            if (output is null)
            {
                SeriesCsv.Write(Console.Out, points, scores);
            }
            else
            {
                // Through a temp file beside the target, so a failure never leaves half an output.
                var temp = output + ".tmp";
                using (var writer = new StreamWriter(temp))
                {
                    SeriesCsv.Write(writer, points, scores);
                }

                File.Move(temp, output, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliErrors.Report($"--output: cannot write '{output}': {e.Message}", CliErrors.RuntimeFailure);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memmon: {points.Count} rows scored; {found} at or above {threshold}"));
        return 0;
    }

    private static async Task Live(string procRoot, TimeSpan interval, TimeSpan duration, double threshold, double leakThreshold, CancellationToken cancellation)
    {
        var settings = new AnalysisSettings { AnomalyThreshold = threshold, FlagThreshold = leakThreshold, LeakEveryTicks = 2 };
        using var analysis = new LiveAnalysis(procRoot, settings);
        var reported = new HashSet<(ProcessRecord, string)>(); // a finding is printed once, when it first crosses
        var systemReported = false;
        var warmUp = new AnomalyDetectorOptions().WarmUpObservations;
        var leakSamples = LeakAnalyzerOptions.Default.MinimumSamples;
        foreach (var line in TextFit.Wrap(string.Create(CultureInfo.InvariantCulture,
            $"memmon: learning each series first: anomaly scores after {warmUp} samples (~{(interval * warmUp).TotalSeconds:0} s), leak risk after {leakSamples}; Ctrl+C to stop"), OutputWidth.Current, 8))
        {
            Console.Error.WriteLine(line);
        }

        var table = new FindingPrinter();
        var run = duration > TimeSpan.Zero ? duration : TimeSpan.FromDays(3650);
        await analysis.RunAsync(interval, run, (_, _) =>
        {
            var now = analysis.Current!.Timestamp;
            foreach (var (process, judgement) in analysis.Engine.Processes)
            {
                if (judgement.AnomalyScore >= threshold && reported.Add((process, "anomaly")))
                {
                    table.Print(new DetectFinding(now, "anomaly", process.Pid, process.Comm, judgement.AnomalyScore, process.ResidentBytes,
                        judgement.GrowthBytesPerSecond, AnomalyReasonText.Display(judgement.AnomalyReason)));
                }

                if (judgement.LeakRisk >= leakThreshold && reported.Add((process, "leak")))
                {
                    var exhaustion = judgement.ExhaustionSeconds is { } s ? string.Create(CultureInfo.InvariantCulture, $", limit reached in ~{s / 60:0} min") : string.Empty;
                    table.Print(new DetectFinding(now, "leak", process.Pid, process.Comm, judgement.LeakRisk, process.ResidentBytes,
                        judgement.GrowthBytesPerSecond, (judgement.Pattern.Length > 0 ? $"{judgement.Pattern} growth" : "growth") + exhaustion));
                }
            }

            var system = analysis.Engine.System;
            if (system.AnomalyScore >= threshold != systemReported)
            {
                systemReported = !systemReported;
                if (systemReported)
                {
                    // The system's row: its used memory in the resident column.
                    table.Print(new DetectFinding(now, "anomaly", null, "system", system.AnomalyScore, analysis.Current.UsedBytes,
                        system.GrowthBytesPerSecond, AnomalyReasonText.Display(system.AnomalyReason)));
                }
            }

            // Forget findings of exited processes so the set stays bounded on a busy machine.
            foreach (var exited in analysis.Sweep!.Exited)
            {
                reported.Remove((exited, "anomaly"));
                reported.Remove((exited, "leak"));
            }
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>Prints findings under a header, printed before the first and again when the terminal's width changes.</summary>
    private sealed class FindingPrinter
    {
        private int _headerWidth;

        public void Print(DetectFinding finding)
        {
            var width = OutputWidth.Current;
            if (width != _headerWidth)
            {
                _headerWidth = width;
                Console.WriteLine(DetectTable.Header(width));
            }

            foreach (var line in DetectTable.Lines(finding, width))
            {
                Console.WriteLine(line);
            }
        }
    }
}
