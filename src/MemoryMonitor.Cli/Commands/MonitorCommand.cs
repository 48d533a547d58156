using System.CommandLine;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Cli.Sampling;
using MemoryMonitor.Collection;
using Spectre.Console;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon monitor`: a live terminal view for a person at one machine.</summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var interval = new Option<string>("--interval") { Description = "Refresh period.", DefaultValueFactory = _ => "2s" };
        var top = new Option<int>("--top") { Description = "At most this many processes; 0 lists as many as the terminal has rows for (20 without a terminal)." };
        var smaps = new Option<string>("--smaps-interval") { Description = "How often to read PSS from smaps_rollup; 0 turns it off.", DefaultValueFactory = _ => "10s" };
        var count = new Option<int>("--count") { Description = "Stop after this many refreshes (0 = until q or Ctrl+C). Without a terminal each refresh is printed below the last, as plain text." };
        var procfs = ProcfsOption.Create();
        var command = new Command("monitor", "Show system memory, swap, pressure and the top processes (RSS, PSS, swap, growth per minute), fitted to the terminal and refreshed in place. Keys: M/r sort by RSS, p PSS, s swap, g growth; up/down select, Enter detail (history, leak forecast, DNA, memory by mapping), Esc back; space pause; q quit.")
        {
            interval, top, smaps, count, procfs,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!Duration.TryParse(parse.GetValue(interval), out var period) || period <= TimeSpan.Zero)
            {
                return CliErrors.Report($"--interval: '{parse.GetValue(interval)}' is not a duration greater than 0 (use e.g. 1s, 2s, 500ms)", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(smaps), out var smapsPeriod))
            {
                return CliErrors.Report($"--smaps-interval: '{parse.GetValue(smaps)}' is not a duration (use e.g. 10s, 1m; 0 turns it off)", CliErrors.BadConfiguration);
            }

            if (parse.GetValue(top) is var rows && rows < 0)
            {
                return CliErrors.Report($"--top: '{rows}' must be 0 (fill the terminal) or more", CliErrors.BadConfiguration);
            }

            var root = parse.GetValue(procfs)!;
            if (ProcfsOption.Problem(root) is { } problem)
            {
                return CliErrors.Report(problem, CliErrors.BadConfiguration);
            }

            var settings = new CollectionSettings { ProcRoot = root, SmapsInterval = smapsPeriod };
            await RunAsync(settings, period, rows, parse.GetValue(count), cancellation).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(CollectionSettings settings, TimeSpan period, int rows, int count, CancellationToken cancellation)
    {
        // Growth comes from the analysis engine, reassessed every other refresh, so the view shows the same
        // robust figure as /metrics, track and detect.
        using var analysis = new LiveAnalysis(settings, new AnalysisSettings { LeakEveryTicks = 2 });
        var session = new MonitorSession(analysis, settings.ProcRoot, period, rows, count);
        var console = AnsiConsole.Console;
        try
        {
            if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            {
                await session.RunPlainAsync(Console.Out, console.Profile.Width, cancellation).ConfigureAwait(false);
                return;
            }

            // NO_COLOR (https://no-color.org): any non-empty value turns colour off.
            var color = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            using var screen = new TerminalScreen(Console.Out, color);
            await session.RunInteractiveAsync(screen, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: a normal way to stop watching.
        }
    }
}
