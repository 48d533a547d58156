namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// One screen of the monitor as plain lines, each no longer than the width; which line is the selected row (-1 for
/// none) and the pids of the table's rows, top first, for the keys.
/// </summary>
internal sealed record MonitorFrame(IReadOnlyList<string> Lines, int HighlightLine, IReadOnlyList<int> Pids);
