using System.Text;
using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Collection.Maps;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// `memmon maps` as text: one line per group, sized to the width given (never wrapped: a long path keeps its end,
/// the file name, behind an ellipsis). With a previous read, a GROWN column shows the resident growth since it.
/// </summary>
internal static class MapsTable
{
    private const int Number = 9;

    /// <summary>Reads slower than this are pointed out: smaps' cost is what the agent avoids by reading smaps_rollup.</summary>
    public static readonly TimeSpan SlowRead = TimeSpan.FromMilliseconds(250);

    public static string Format(ProcessMaps maps, IReadOnlyDictionary<(MappingKind, string), long>? before, int width)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var text = new StringBuilder();
        var total = maps.Groups.Sum(g => g.ResidentBytes);
        text.AppendLine(TextFit.Cut($"pid {maps.Pid} ({maps.Comm}): {ByteSize.Format(total)} resident in {maps.Groups.Sum(g => g.Mappings)} mappings, smaps read in {maps.ReadTime.TotalMilliseconds:F0} ms", width));
        if (maps.ReadTime > SlowRead)
        {
            text.AppendLine(TextFit.Cut($"note: smaps is slow for this process ({maps.ReadTime.TotalMilliseconds:F0} ms); --watch rereads it each interval", width));
        }

        var grown = before is not null;
        var fixedWidth = 8 + (Number * (grown ? 6 : 5)) + 6;
        var nameWidth = Math.Max(8, width - fixedWidth - 1);
        text.Append(Left("KIND", 8)).Append(Right("RSS")).Append(Right("PSS")).Append(Right("SWAP")).Append(Right("DIRTY")).Append(Right("PRIVATE"));
        if (grown)
        {
            text.Append(Right("GROWN"));
        }

        text.Append(Right("MAPS", 6)).Append(' ').AppendLine("NAME");
        foreach (var group in maps.Groups)
        {
            text.Append(Left(KindLabel(group.Kind), 8))
                .Append(Right(ByteSize.Format(group.ResidentBytes))).Append(Right(ByteSize.Format(group.ProportionalBytes)))
                .Append(Right(ByteSize.Format(group.SwapBytes))).Append(Right(ByteSize.Format(group.DirtyBytes)))
                .Append(Right(ByteSize.Format(group.PrivateBytes)));
            if (before is not null)
            {
                var growth = group.ResidentBytes - before.GetValueOrDefault((group.Kind, group.Name));
                text.Append(Right(growth > 0 ? "+" + ByteSize.Format(growth) : growth < 0 ? "-" + ByteSize.Format(-growth) : "="));
            }

            text.Append(Right(group.Mappings.ToString(System.Globalization.CultureInfo.InvariantCulture), 6)).Append(' ').AppendLine(TextFit.CutStart(group.Name, nameWidth));
        }

        return text.ToString();
    }

    public static string KindLabel(MappingKind kind) => kind switch
    {
        MappingKind.Heap => "heap",
        MappingKind.Anonymous => "anon",
        MappingKind.Stack => "stack",
        MappingKind.ThreadStacks => "threads",
        MappingKind.File => "file",
        MappingKind.SharedMemory => "shmem",
        _ => "kernel",
    };

    private static string Left(string text, int width) => text.Length >= width ? text[..(width - 1)] + " " : text.PadRight(width);

    private static string Right(string text, int width = Number) => text.Length >= width ? " " + text[..(width - 1)] : text.PadLeft(width);

}
