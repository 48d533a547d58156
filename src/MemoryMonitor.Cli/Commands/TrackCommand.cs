using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Analysis.Dna;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Cli.Sampling;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon track`: watch one process or all of them for a while, then report each one's memory DNA and anomalies.</summary>
internal static class TrackCommand
{
    private const int MaxEventsPerProcess = 20;
    private static readonly double AnomalyLevel = new AnalysisSettings().AnomalyThreshold;
    private static readonly double LeakLevel = new AnalysisSettings().FlagThreshold;

    public static Command Create()
    {
        var duration = new Option<string>("--duration") { Description = "How long to track.", DefaultValueFactory = _ => "30m" };
        var pid = new Option<int?>("--pid") { Description = "Track only this process (default: all)." };
        var interval = new Option<string>("--interval") { Description = "Sampling period.", DefaultValueFactory = _ => "1s" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var procfs = ProcfsOption.Create();
        var command = new Command("track", "Track memory behaviour for a duration and report each process's memory DNA (pid, name, dna_hash, pattern features) with the anomalies seen (type, severity, growth).")
        {
            duration, pid, interval, json, procfs,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!Duration.TryParse(parse.GetValue(duration), out var length) || length <= TimeSpan.Zero)
            {
                return CliErrors.Report($"--duration: '{parse.GetValue(duration)}' is not a duration greater than 0 (use e.g. 30s, 30m, 2h)", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(interval), out var period) || period <= TimeSpan.Zero || period > length)
            {
                return CliErrors.Report($"--interval: '{parse.GetValue(interval)}' is not a duration greater than 0 and at most --duration (use e.g. 1s, 500ms)", CliErrors.BadConfiguration);
            }

            var root = parse.GetValue(procfs)!;
            if (ProcfsOption.Problem(root) is { } problem)
            {
                return CliErrors.Report(problem, CliErrors.BadConfiguration);
            }

            var only = parse.GetValue(pid);
            if (only is { } wanted && !Directory.Exists(Path.Combine(root, wanted.ToString(CultureInfo.InvariantCulture))))
            {
                return CliErrors.Report($"--pid: no process {wanted} in {root}", CliErrors.BadConfiguration);
            }

            var report = await Track(root, length, period, only, cancellation).ConfigureAwait(false);
            if (only is { } target && report.Processes.Count == 0)
            {
                return CliErrors.Report($"--pid: process {target} has no user memory to track (a kernel thread, or it exited before the first sample)", CliErrors.RuntimeFailure);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.TrackReport));
            }
            else
            {
                Render(report);
            }

            return 0;
        });
        return command;
    }

    private static async Task<TrackReport> Track(string root, TimeSpan duration, TimeSpan interval, int? only, CancellationToken cancellation)
    {
        var samples = (int)Math.Clamp(Math.Ceiling(duration / interval) + 1, 16, 3600);
        var settings = new AnalysisSettings { HistoryCapacity = samples, LeakEveryTicks = 1, ForestRefitTicks = 10 };
        using var analysis = new LiveAnalysis(root, settings);
        var started = DateTimeOffset.UtcNow;
        var watched = new Dictionary<ProcessRecord, Watched>(ReferenceEqualityComparer.Instance);
        var progressEvery = Math.Max(1, (int)Math.Ceiling(TimeSpan.FromSeconds(10) / interval));
        await analysis.RunAsync(interval, duration, (tick, total) =>
        {
            foreach (var (process, judgement) in analysis.Engine.Processes)
            {
                if (only is { } pid && process.Pid != pid)
                {
                    continue;
                }

                if (!watched.TryGetValue(process, out var entry))
                {
                    entry = new Watched(process);
                    watched[process] = entry;
                }

                entry.Observe(analysis.Engine, judgement, analysis.Current!.Timestamp, computeDna: tick % 10 == 0 || tick == total);
            }

            foreach (var exited in analysis.Sweep!.Exited)
            {
                if (watched.TryGetValue(exited, out var entry))
                {
                    entry.Exited = true;
                }
            }

            if (tick % progressEvery == 0 && tick < total)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memmon: tracking {(tick * interval).TotalSeconds:0}/{duration.TotalSeconds:0} s, {watched.Count(w => !w.Value.Exited)} processes"));
            }
        }, cancellation).ConfigureAwait(false);

        var processes = watched.Values.OrderByDescending(w => w.Process.ResidentBytes).Select(w => w.ToReport()).ToList();
        return new TrackReport(started, (DateTimeOffset.UtcNow - started).TotalSeconds, interval.TotalSeconds, processes);
    }

    /// <summary>Sized to the terminal, or to 80 columns in a pipe, so nothing wraps.</summary>
    private static void Render(TrackReport report) => Console.Write(TrackTable.Format(report, OutputWidth.Current));

    /// <summary>What track keeps per process between ticks.</summary>
    private sealed class Watched(ProcessRecord process)
    {
        private readonly List<AnomalyEvent> _events = [];
        private bool _inAnomaly;
        private bool _inLeak;
        private MemoryDna? _dna;
        private int _samples;
        private ProcessJudgement? _last;

        public ProcessRecord Process { get; } = process;

        public bool Exited { get; set; }

        public void Observe(AnalysisEngine engine, ProcessJudgement judgement, DateTimeOffset at, bool computeDna)
        {
            _last = judgement;
            _samples = engine.SamplesOf(Process);
            if (computeDna || _dna is null)
            {
                // Every tenth tick and the last: a process that exits keeps the fingerprint of its last stretch.
                _dna = engine.DnaOf(Process) ?? _dna;
            }
            var growth = double.IsNaN(judgement.GrowthBytesPerSecond) ? (double?)null : judgement.GrowthBytesPerSecond;

            // An episode is recorded once when it starts, not on every sample it lasts.
            var anomalous = judgement.AnomalyScore >= AnomalyLevel;
            if (anomalous && !_inAnomaly && _events.Count < MaxEventsPerProcess)
            {
                _events.Add(new AnomalyEvent(at, "anomaly", AnomalyEvent.SeverityOf(judgement.AnomalyScore, AnomalyLevel), judgement.AnomalyScore, growth, judgement.AnomalyReason));
            }

            var leaking = judgement.LeakRisk >= LeakLevel;
            if (leaking && !_inLeak && _events.Count < MaxEventsPerProcess)
            {
                _events.Add(new AnomalyEvent(at, "leak", AnomalyEvent.SeverityOf(judgement.LeakRisk, LeakLevel), judgement.LeakRisk, growth, judgement.Pattern));
            }

            _inAnomaly = anomalous;
            _inLeak = leaking;
        }

        public ProcessDnaReport ToReport()
        {
            var features = _dna?.Features;
            var leak = _last is { LeakRisk: var risk } && !double.IsNaN(risk) ? risk : (double?)null;
            var growth = _last is { GrowthBytesPerSecond: var g } && !double.IsNaN(g) ? g : (double?)null;
            return new ProcessDnaReport(
                Process.Pid,
                Process.Comm,
                Process.Executable,
                _samples,
                Exited,
                Process.ResidentBytes,
                _dna?.HashText,
                features is null ? null : new DnaPattern(features.Level, features.Variability, features.Trend, features.Period, features.PeriodStrength,
                    features.AnonShare, features.ResidentToVirtual, features.MinorFaultRate, features.MajorFaultRate, features.Complexity),
                leak,
                growth,
                leak is null ? null : _last!.Pattern,
                _events);
        }
    }
}
