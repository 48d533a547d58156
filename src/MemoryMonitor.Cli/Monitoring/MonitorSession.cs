using MemoryMonitor.Cli.Sampling;
using MemoryMonitor.Collection.Maps;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// The monitor's loop: ticks the analysis every interval (unless paused), reads keys, notices a resize and redraws
/// the table or the selected process's detail to the terminal's size at the time.
/// </summary>
internal sealed class MonitorSession(LiveAnalysis analysis, string procRoot, TimeSpan period, int top, int count)
{
    /// <summary>Keys and resizes are looked for this often: fast enough to feel immediate, cheap while idle.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly MonitorState _state = new();
    private MonitorFrame _frame = new([], -1, []);
    private (int Pid, int Tick, ProcessMaps? Maps, string? Problem)? _maps;

    /// <summary>Runs full-screen until q, Ctrl+C or <paramref name="count"/> refreshes.</summary>
    public async Task RunInteractiveAsync(TerminalScreen screen, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(screen);
        var frames = 0;
        var next = DateTime.UtcNow;
        var size = (0, 0);
        screen.Enter();
        while (!_state.Quit && !cancellation.IsCancellationRequested)
        {
            var dirty = false;
            if (!_state.Paused && DateTime.UtcNow >= next)
            {
                if (count > 0 && frames >= count)
                {
                    break;
                }

                analysis.Tick();
                frames++;
                next = DateTime.UtcNow + period;
                dirty = true;
            }

            while (!Console.IsInputRedirected && Console.KeyAvailable)
            {
                MonitorKeys.Apply(_state, Console.ReadKey(intercept: true), _frame.Pids);
                dirty = true;
            }

            var now = (Math.Max(1, Console.WindowWidth), Math.Max(1, Console.WindowHeight));
            if (dirty || now != size)
            {
                size = now;
                _frame = Frame(now.Item1, now.Item2);
                screen.Draw(_frame, now.Item1, now.Item2);
            }

            await Task.Delay(Poll, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Without a terminal: each refresh's table below the last, plain text, <paramref name="top"/> rows.</summary>
    public async Task RunPlainAsync(TextWriter output, int width, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (var frames = 0; !cancellation.IsCancellationRequested && (count <= 0 || frames < count); frames++)
        {
            if (frames > 0)
            {
                await Task.Delay(period, cancellation).ConfigureAwait(false);
                output.WriteLine();
            }

            analysis.Tick();
            foreach (var line in Frame(width, height: 0).Lines)
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    private MonitorFrame Frame(int width, int height)
    {
        var system = analysis.Current!;
        var processes = analysis.Engine.Processes;
        if (_state.DetailPid is { } pid)
        {
            foreach (var judged in processes)
            {
                if (judged.Process.Pid == pid)
                {
                    var facts = new ProcessDetailView.Facts(judged, analysis.Engine.ResidentHistoryOf(judged.Process), analysis.Engine.DnaOf(judged.Process), null, null);
                    var (maps, problem) = MapsOf(pid);
                    return ProcessDetailView.Render(system, facts with { Maps = maps, MapsProblem = problem }, _state, width, height);
                }
            }

            // The process exited while its detail was open: back to the table.
            _state.DetailPid = null;
        }

        var layout = MonitorLayout.Fit(width, height, top, MonitorOrder.Column(_state.Sort));
        return MonitorView.Render(system, processes, _state, layout);
    }

    /// <summary>smaps once per refresh for the one process shown: it is costly on large processes, and keys redraw often.</summary>
    private (ProcessMaps?, string?) MapsOf(int pid)
    {
        if (_maps is not { } cached || cached.Pid != pid || cached.Tick != analysis.Ticks)
        {
            try
            {
                cached = (pid, analysis.Ticks, ProcessMaps.Read(procRoot, pid), null);
            }
            catch (MapsReadException e)
            {
                cached = (pid, analysis.Ticks, null, e.Message);
            }

            _maps = cached;
        }

        return (cached.Maps, cached.Problem);
    }
}
