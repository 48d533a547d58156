namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// Fits the monitor to a terminal: which columns are shown and how wide, and how many process rows there are.
/// Pure arithmetic on the width and height, so the dropping order is tested without a terminal.
/// </summary>
internal sealed class MonitorLayout
{
    /// <summary>Lines above the table: the header, memory, swap and pressure. They are never given up for rows.</summary>
    public const int SummaryLines = 4;

    /// <summary>The column titles and the key hints at the bottom.</summary>
    public const int ChromeLines = 2;

    /// <summary>Below this the name is cut so short it no longer tells processes apart: drop a column instead.</summary>
    public const int MinimumCommWidth = 10;

    /// <summary>A kernel comm is at most 15 characters (TASK_COMM_LEN 16 with the NUL): wider would be blank.</summary>
    public const int MaximumCommWidth = 16;

    /// <summary>Dropped first to last as the terminal narrows. PID, COMM and the sorted column always stay.</summary>
    private static readonly MonitorColumn[] DropOrder =
        [MonitorColumn.Container, MonitorColumn.User, MonitorColumn.Swap, MonitorColumn.Pss, MonitorColumn.Growth, MonitorColumn.Rss];

    private MonitorLayout(IReadOnlyList<(MonitorColumn Column, int Width)> columns, int rows, int width)
    {
        Columns = columns;
        Rows = rows;
        Width = width;
    }

    public IReadOnlyList<(MonitorColumn Column, int Width)> Columns { get; }

    /// <summary>Process rows that fit under the summary.</summary>
    public int Rows { get; }

    public int Width { get; }

    /// <summary>
    /// Widths hold the widest value each column can show: a pid up to pid_max 4194304, a size "1023.9 GiB", a rate
    /// "+1023.9 GiB/min" (<see cref="ByteSize"/>), a 12-hex container id. So values are never cut, only names.
    /// </summary>
    public static int FixedWidth(MonitorColumn column) => column switch
    {
        MonitorColumn.Pid => 7,
        MonitorColumn.User => 8,
        MonitorColumn.Rss or MonitorColumn.Pss or MonitorColumn.Swap => ByteSize.Width,
        MonitorColumn.Growth => ByteSize.RateWidth,
        MonitorColumn.Container => 12,
        _ => MinimumCommWidth,
    };

    /// <param name="width">Terminal columns.</param>
    /// <param name="height">Terminal lines; 0 when there is no terminal (a pipe), then <paramref name="top"/> rows.</param>
    /// <param name="top">At most this many rows; 0 for as many as fit.</param>
    /// <param name="sorted">The column the table is ordered by, kept whatever the width.</param>
    public static MonitorLayout Fit(int width, int height, int top, MonitorColumn sorted)
    {
        width = Math.Max(width, 20);
        var shown = new List<MonitorColumn>(Enum.GetValues<MonitorColumn>());
        foreach (var drop in DropOrder)
        {
            if (Needed(shown) + MinimumCommWidth <= width)
            {
                break;
            }

            if (drop != sorted)
            {
                shown.Remove(drop);
            }
        }

        var comm = Math.Clamp(width - Needed(shown), 1, MaximumCommWidth);
        var columns = shown.Select(c => (c, c == MonitorColumn.Comm ? comm : FixedWidth(c))).ToList();
        var fit = height <= 0 ? int.MaxValue : Math.Max(0, height - SummaryLines - ChromeLines);
        var rows = top > 0 ? Math.Min(top, fit) : height <= 0 ? 20 : fit;
        return new MonitorLayout(columns, rows, width);
    }

    /// <summary>Width of every shown column but COMM, with one space before each column after the first.</summary>
    private static int Needed(List<MonitorColumn> shown) =>
        shown.Where(c => c != MonitorColumn.Comm).Sum(FixedWidth) + shown.Count - 1;
}
