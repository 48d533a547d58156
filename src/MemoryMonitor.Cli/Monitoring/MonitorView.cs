using System.Globalization;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.SystemMemory;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>Renders one frame of `memmon monitor`: system memory, swap, pressure, then the top processes.</summary>
internal static class MonitorView
{
    /// <summary>Growth is the engine's (the same figure /metrics, track and detect show), absent until it has enough samples.</summary>
    public static IRenderable Render(SystemMemorySnapshot system, IReadOnlyList<JudgedProcess> processes, int top)
    {
        var summary = new Grid().AddColumn().AddColumn();
        if (system.Meminfo is { } m)
        {
            var total = system.TotalBytes;
            var used = system.UsedBytes;
            summary.AddRow("[bold]Memory[/]", $"{ByteSize.Format(used)} used of {ByteSize.Format(total)} ({Percent(used, total)}), {ByteSize.Format(system.AvailableBytes)} available, {ByteSize.Format(m.Get("Cached"))} cached");
            var swapTotal = system.SwapTotalBytes;
            var swapUsed = system.SwapUsedBytes;
            summary.AddRow("[bold]Swap[/]", swapTotal > 0 ? $"{ByteSize.Format(swapUsed)} used of {ByteSize.Format(swapTotal)} ({Percent(swapUsed, swapTotal)})" : "none configured");
        }
        else
        {
            summary.AddRow("[bold]Memory[/]", "[red]/proc/meminfo unreadable[/]");
        }

        summary.AddRow("[bold]Pressure[/]", system.Pressure is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"some {p.SomeAvg10:0.00}% / full {p.FullAvg10:0.00}% stalled (10 s avg), some {p.SomeAvg300:0.00}% (5 min)")
            : "not available (kernel without PSI)");

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("PID", c => c.RightAligned()).AddColumn("COMM").AddColumn("USER")
            .AddColumn("RSS", c => c.RightAligned()).AddColumn("PSS", c => c.RightAligned()).AddColumn("SWAP", c => c.RightAligned())
            .AddColumn("GROWTH", c => c.RightAligned()).AddColumn("CONTAINER");
        foreach (var (process, judgement) in processes.OrderByDescending(p => p.Process.ResidentBytes).Take(top))
        {
            double? rate = double.IsNaN(judgement.GrowthBytesPerSecond) ? null : judgement.GrowthBytesPerSecond;
            var growthText = ByteSize.FormatRate(rate);
            table.AddRow(
                process.PidLabel,
                Markup.Escape(process.Comm),
                Markup.Escape(process.User),
                ByteSize.Format(process.ResidentBytes),
                ByteSize.Format(process.ProportionalBytes),
                ByteSize.Format(process.SwapBytes),
                rate > 0 ? $"[yellow]{growthText}[/]" : growthText,
                process.Container is { IsContainer: true } c ? c.Identity.ContainerId[..12] : string.Empty);
        }

        var header = new Rule($"[bold]memmon monitor[/] {system.Timestamp:HH:mm:ss} UTC, {processes.Count} processes (Ctrl+C to quit)").LeftJustified();
        return new Rows(header, summary, table);
    }

    private static string Percent(long part, long whole) =>
        whole <= 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}%");
}
