using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Analysis.Health;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Optimisation;
using MemoryMonitor.Cli.Optimisation;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Cli.Sampling;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon optimize`: memory health, and concrete suggestions with their evidence. Changes nothing unless --apply.</summary>
internal static class OptimizeCommand
{
    public static Command Create()
    {
        var tips = new Option<bool>("--tips") { Description = "Quick tips from two readings a second apart (the default)." };
        var report = new Option<bool>("--report") { Description = "Full report: watch for --duration (leak and trend analysis included), then print health, factors and suggestions." };
        var output = new Option<string>("--output") { Description = "With --report: also write the report as JSON to this file." };
        var duration = new Option<string>("--duration") { Description = "With --report: how long to watch.", DefaultValueFactory = _ => "1m" };
        var apply = new Option<bool>("--apply") { Description = "Carry out the suggestions' safe actions (compact memory, drop clean page cache) and say what was done. Needs root. Off by default." };
        var procfs = ProcfsOption.Create();
        var command = new Command("optimize", "Score memory health and suggest optimisations with their evidence (top consumers, leak suspects, swap thrash, fragmentation, pressure, cache, cgroup limits). Read-only unless --apply.")
        {
            tips, report, output, duration, apply, procfs,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var full = parse.GetValue(report);
            if (full && parse.GetValue(tips))
            {
                return CliErrors.Report("--tips and --report: choose one (tips are quick, the report watches for --duration)", CliErrors.BadConfiguration);
            }

            if (!full && parse.GetValue(output) is not null)
            {
                return CliErrors.Report("--output: only with --report", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(duration), out var length) || length < TimeSpan.FromSeconds(2))
            {
                return CliErrors.Report($"--duration: '{parse.GetValue(duration)}' is not a duration of at least 2s (use e.g. 30s, 5m)", CliErrors.BadConfiguration);
            }

            var root = parse.GetValue(procfs)!;
            if (ProcfsOption.Problem(root) is { } problem)
            {
                return CliErrors.Report(problem, CliErrors.BadConfiguration);
            }

            var watch = full ? length : TimeSpan.FromSeconds(1);
            var interval = full ? TimeSpan.FromSeconds(Math.Clamp(length.TotalSeconds / 60, 0.5, 15)) : TimeSpan.FromSeconds(1);
            var settings = new AnalysisSettings { HistoryCapacity = 240, LeakEveryTicks = 1 };
            using var analysis = new LiveAnalysis(root, settings);
            if (full)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memmon: watching for {length.TotalSeconds:0} s, a sample every {interval.TotalSeconds:0.#} s"));
            }

            await analysis.RunAsync(interval, watch + interval, (_, _) => { }, cancellation).ConfigureAwait(false);
            // The engine's own health inputs and score: the same thresholds and fragmentation order as the agent's.
            var inputs = analysis.Engine.HealthInputs!;
            var health = analysis.Engine.System.Health;
            var suggestions = SuggestionEngine.Suggest(inputs, topConsumers: full ? 10 : 3);
            var applied = new List<string>();
            if (parse.GetValue(apply))
            {
                foreach (var action in suggestions.Select(s => s.Action).Where(a => a != SafeAction.None).Distinct())
                {
                    try
                    {
                        applied.Add(SafeActionRunner.Apply(action, root));
                    }
                    catch (InvalidOperationException e)
                    {
                        return CliErrors.Report($"--apply: {e.Message}", CliErrors.RuntimeFailure);
                    }
                }
            }

            var result = new OptimizeReport(
                DateTimeOffset.UtcNow,
                (analysis.Current!.Monotonic - analysis.First!.Monotonic).TotalSeconds,
                Math.Round(health.Score, 1),
                [.. health.Factors.Select(f => new HealthFactorReport(f.Name, f.Penalty, EvidenceText.Render(f.Evidence)))],
                [.. suggestions.Select(s => new SuggestionReport(s.Priority.ToString().ToLowerInvariant(), s.Category, EvidenceText.Render(s.Title), EvidenceText.Render(s.Evidence), s.Action == SafeAction.None ? null : s.Action.ToString()))],
                applied);
            Console.Write(OptimizeText.Format(result, full, parse.GetValue(apply), OutputWidth.Current));
            if (parse.GetValue(output) is { } file)
            {
                try
                {
                    File.WriteAllText(file, JsonSerializer.Serialize(result, ReportJsonContext.Default.OptimizeReport));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return CliErrors.Report($"--output: cannot write '{file}': {e.Message}", CliErrors.RuntimeFailure);
                }
            }

            return 0;
        });
        return command;
    }
}
