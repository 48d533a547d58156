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
        var top = new Option<int>("--top") { Description = "How many processes to list, largest resident memory first.", DefaultValueFactory = _ => 20 };
        var smaps = new Option<string>("--smaps-interval") { Description = "How often to read PSS from smaps_rollup; 0 turns it off.", DefaultValueFactory = _ => "10s" };
        var count = new Option<int>("--count") { Description = "Stop after this many refreshes (0 = until Ctrl+C). Without a terminal each refresh is printed below the last." };
        var procfs = ProcfsOption.Create();
        var command = new Command("monitor", "Show system memory, swap, pressure and the top processes (RSS, PSS, swap, growth per minute), refreshed in place.")
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

            if (parse.GetValue(top) is var rows && rows < 1)
            {
                return CliErrors.Report($"--top: '{rows}' must be at least 1", CliErrors.BadConfiguration);
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
        var console = AnsiConsole.Console;
        var frames = 0;

        Spectre.Console.Rendering.IRenderable Next()
        {
            analysis.Tick();
            frames++;
            return MonitorView.Render(analysis.Current!, analysis.Engine.Processes, rows);
        }

        bool More() => !cancellation.IsCancellationRequested && (count <= 0 || frames < count);

        try
        {
            if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            {
                while (More())
                {
                    console.Write(Next());
                    if (More())
                    {
                        await Task.Delay(period, cancellation).ConfigureAwait(false);
                    }
                }

                return;
            }

            await console.Live(Next()).AutoClear(false).StartAsync(async live =>
            {
                while (More())
                {
                    await Task.Delay(period, cancellation).ConfigureAwait(false);
                    live.UpdateTarget(Next());
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: leave the last frame on screen.
        }
    }
}
