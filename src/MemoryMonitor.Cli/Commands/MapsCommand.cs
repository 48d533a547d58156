using System.CommandLine;
using System.Text.Json;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Collection.Maps;

namespace MemoryMonitor.Cli.Commands;

/// <summary>
/// `memmon maps PID`: where in a process the memory is, from /proc/PID/smaps grouped by what each mapping is (heap,
/// anonymous, thread stacks, each file, shared memory), largest resident first. `--watch` rereads and shows what grew.
/// </summary>
internal static class MapsCommand
{
    private const string DefaultInterval = "2s";

    public static Command Create()
    {
        var pid = new Argument<int>("pid") { Description = "The process to look into." };
        var watch = new Option<bool>("--watch") { Description = "Reread every --interval and show how much each group grew since the previous read, until Ctrl+C." };
        var interval = new Option<string>("--interval") { Description = "How often --watch rereads.", DefaultValueFactory = _ => DefaultInterval };
        var json = new Option<bool>("--json") { Description = "Print the groups as JSON (one document per read)." };
        var procfs = ProcfsOption.Create();
        var command = new Command("maps", "Show a process's memory by mapping (heap, anonymous, thread stacks, each file or library, shared memory, stack, vdso) with RSS, PSS, swap, dirty and private sizes, read from /proc/PID/smaps.")
        {
            pid, watch, interval, json, procfs,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var root = parse.GetValue(procfs)!;
            if (ProcfsOption.Problem(root) is { } problem)
            {
                return CliErrors.Report(problem, CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(interval), out var period) || period <= TimeSpan.Zero)
            {
                return CliErrors.Report($"--interval: '{parse.GetValue(interval)}' is not a duration greater than 0 (use e.g. 2s, 500ms)", CliErrors.BadConfiguration);
            }

            try
            {
                return await ShowAsync(root, parse.GetValue(pid), parse.GetValue(watch), period, parse.GetValue(json), cancellation).ConfigureAwait(false);
            }
            catch (MapsReadException e)
            {
                return CliErrors.Report(e.Message, CliErrors.RuntimeFailure);
            }
        });
        return command;
    }

    private static async Task<int> ShowAsync(string root, int pid, bool watch, TimeSpan period, bool json, CancellationToken cancellation)
    {
        Dictionary<(MappingKind, string), long>? before = null;
        while (true)
        {
            var maps = ProcessMaps.Read(root, pid);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(MapsReport.Of(maps), ReportJsonContext.Default.MapsReport));
            }
            else
            {
                var width = OutputWidth.Current;
                if (watch && before is not null)
                {
                    Console.WriteLine();
                }

                Console.Write(MapsTable.Format(maps, before, width));
            }

            if (!watch)
            {
                return 0;
            }

            before = maps.Groups.ToDictionary(g => (g.Kind, g.Name), g => g.ResidentBytes);
            try
            {
                await Task.Delay(period, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }
}
