using System.Globalization;
using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// Live `memmon detect` as text sized to a width (80 in a pipe), never wrapped by the terminal: a row per finding
/// under a header, growth and then resident dropping as the width narrows, and the finding's reason on the lines
/// below, broken between words and never inside a figure.
/// </summary>
internal static class DetectTable
{
    /// <summary>The reason starts under FINDING, so the time column stays clear to scan.</summary>
    private const int DetailIndent = 9;

    /// <summary>Below this a name no longer tells processes apart; a kernel comm is at most 15 characters.</summary>
    private const int MinimumName = 10;
    private const int MaximumName = 16;

    private static readonly TableColumn<DetectFinding>[] Columns =
    [
        new("TIME", 8, 0, false, f => f.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
        new("FINDING", 7, 0, false, f => f.Kind),
        new("PID", 7, 0, true, f => f.Pid is { } pid ? pid.ToString(CultureInfo.InvariantCulture) : "-"),
        new("NAME", 0, 0, false, f => f.Name),
        new("SCORE", 5, 0, true, f => f.Score.ToString("0.00", CultureInfo.InvariantCulture)),
        new("RESIDENT", ByteSize.Width, 1, true, f => ByteSize.Format(f.ResidentBytes)),
        new("GROWTH", ByteSize.RateWidth, 2, true, f => double.IsNaN(f.GrowthBytesPerSecond) ? "-" : ByteSize.FormatRate(f.GrowthBytesPerSecond)),
    ];

    public static string Header(int width) => Table(width).Header();

    /// <summary>The finding's row, then its reason (none when it has none).</summary>
    public static List<string> Lines(DetectFinding finding, int width)
    {
        ArgumentNullException.ThrowIfNull(finding);
        width = Math.Max(width, OutputWidth.Minimum);
        var lines = new List<string> { Table(width).Row(finding) };
        if (finding.Detail.Length > 0)
        {
            lines.AddRange(TextFit.Wrap(new string(' ', DetailIndent) + finding.Detail, width, DetailIndent));
        }

        return lines;
    }

    private static FittedTable<DetectFinding> Table(int width) =>
        new(Columns, Math.Max(width, OutputWidth.Minimum), MinimumName, MaximumName);
}
