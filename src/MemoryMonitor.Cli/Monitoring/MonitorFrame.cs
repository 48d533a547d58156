namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// One screen of the monitor as plain lines, each no longer than the width; which line is the selected row (-1 for
/// none), the pids of the table's rows, top first, for the keys, and the lines of growing processes (yellow where
/// colour is allowed, as the old view had it).
/// </summary>
internal sealed record MonitorFrame(IReadOnlyList<string> Lines, int HighlightLine, IReadOnlyList<int> Pids, IReadOnlyList<int>? GrowingLines = null);
