using System.Globalization;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// Renders the monitor's table screen: the header, the system summary (memory, swap, pressure: always shown), then
/// as many processes as the layout has rows for. Every line is cut to the width, never wrapped.
/// </summary>
internal static class MonitorView
{
    /// <summary>Growth is the engine's (the same figure /metrics, track and detect show), absent until it has enough samples.</summary>
    public static MonitorFrame Render(SystemMemorySnapshot system, IReadOnlyList<JudgedProcess> processes, MonitorState state, MonitorLayout layout)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(layout);
        var lines = new List<string>();
        var paused = state.Paused ? "  PAUSED" : string.Empty;
        lines.Add(TextFit.Cut($"memmon monitor {system.Timestamp:HH:mm:ss} UTC  {processes.Count} processes  sort: {MonitorOrder.Label(state.Sort)}{paused}", layout.Width));
        lines.AddRange(Summary(system).Select(l => TextFit.Cut(l, layout.Width)));
        lines.Add(Row(layout, c => Title(c, state.Sort)));

        var sorted = MonitorOrder.Sorted(processes, state.Sort);
        var pids = new List<int>();
        var growing = new List<int>();
        foreach (var judged in sorted.Take(layout.Rows))
        {
            pids.Add(judged.Process.Pid);
            if (judged.Judgement.GrowthBytesPerSecond > 0)
            {
                growing.Add(lines.Count);
            }

            lines.Add(Row(layout, c => Cell(c, judged)));
        }

        state.Selected = Math.Clamp(state.Selected, 0, Math.Max(0, pids.Count - 1));
        var highlight = pids.Count > 0 ? MonitorLayout.SummaryLines + 1 + state.Selected : -1;
        lines.Add(TextFit.Cut(MonitorKeys.Hint, layout.Width));
        return new MonitorFrame(lines, highlight, pids, growing);
    }

    /// <summary>The memory, swap and pressure lines, shared with the detail screen.</summary>
    public static IEnumerable<string> Summary(SystemMemorySnapshot system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system.Meminfo is { } m)
        {
            var total = system.TotalBytes;
            var used = system.UsedBytes;
            yield return $"Memory   {ByteSize.Format(used)} used of {ByteSize.Format(total)} ({Percent(used, total)}), {ByteSize.Format(system.AvailableBytes)} available, {ByteSize.Format(m.Get("Cached"))} cached";
            var swapTotal = system.SwapTotalBytes;
            var swapUsed = system.SwapUsedBytes;
            yield return "Swap     " + (swapTotal > 0 ? $"{ByteSize.Format(swapUsed)} used of {ByteSize.Format(swapTotal)} ({Percent(swapUsed, swapTotal)})" : "none configured");
        }
        else
        {
            yield return "Memory   /proc/meminfo unreadable";
            yield return "Swap     unknown";
        }

        yield return "Pressure " + (system.Pressure is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"some {p.SomeAvg10:0.00}% / full {p.FullAvg10:0.00}% stalled (10 s avg), some {p.SomeAvg300:0.00}% (5 min)")
            : "not available (kernel without PSI)");
    }

    private static string Row(MonitorLayout layout, Func<MonitorColumn, string> text) =>
        string.Join(' ', layout.Columns.Select(c => Align(c.Column, text(c.Column), c.Width)));

    private static string Align(MonitorColumn column, string text, int width) =>
        column is MonitorColumn.Comm or MonitorColumn.User or MonitorColumn.Container ? TextFit.Left(text, width) : TextFit.Right(text, width);

    private static string Title(MonitorColumn column, MonitorSort sort)
    {
        var title = column.ToString().ToUpperInvariant();
        return column == MonitorOrder.Column(sort) ? title + "▼" : title;
    }

    private static string Cell(MonitorColumn column, JudgedProcess judged)
    {
        var (process, judgement) = judged;
        return column switch
        {
            MonitorColumn.Pid => process.PidLabel,
            MonitorColumn.Comm => process.Comm,
            MonitorColumn.User => process.User,
            MonitorColumn.Rss => ByteSize.Format(process.ResidentBytes),
            MonitorColumn.Pss => ByteSize.Format(process.ProportionalBytes),
            MonitorColumn.Swap => ByteSize.Format(process.SwapBytes),
            MonitorColumn.Growth => ByteSize.FormatRate(double.IsNaN(judgement.GrowthBytesPerSecond) ? null : judgement.GrowthBytesPerSecond),
            MonitorColumn.Container => process.Container is { IsContainer: true } c ? c.Identity.ContainerId[..Math.Min(12, c.Identity.ContainerId.Length)] : string.Empty,
            _ => string.Empty,
        };
    }

    private static string Percent(long part, long whole) =>
        whole <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}%");
}
