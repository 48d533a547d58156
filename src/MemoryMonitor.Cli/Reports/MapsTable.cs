using System.Globalization;
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
    /// <summary>"threads", the longest kind label.</summary>
    private const int KindWidth = 7;

    /// <summary>Up to 99999 mappings: vm.max_map_count defaults to 65530.</summary>
    private const int CountWidth = 5;

    /// <summary>"…libstdc++.so.6": narrower, a library's file name no longer tells it apart, so a size column drops instead.</summary>
    private const int MinimumName = 16;

    /// <summary>Reads slower than this are pointed out: smaps' cost is what the agent avoids by reading smaps_rollup.</summary>
    public static readonly TimeSpan SlowRead = TimeSpan.FromMilliseconds(250);

    /// <summary>The size columns in the order shown, each as wide as any size (<see cref="ByteSize.Width"/>).</summary>
    private static readonly Column[] Sizes =
    [
        new("RSS", ByteSize.Width, g => g.ResidentBytes),
        new("PSS", ByteSize.Width, g => g.ProportionalBytes),
        new("SWAP", ByteSize.Width, g => g.SwapBytes),
        new("DIRTY", ByteSize.Width, g => g.DirtyBytes),
        new("PRIVATE", ByteSize.Width, g => g.PrivateBytes),
    ];

    /// <summary>Dropped first to last while the name would be narrower than <see cref="MinimumName"/>; RSS and GROWN stay.</summary>
    private static readonly string[] DropOrder = ["DIRTY", "SWAP", "PSS", "PRIVATE"];

    public static string Format(ProcessMaps maps, IReadOnlyDictionary<(MappingKind, string), long>? before, int width)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var text = new StringBuilder();
        var total = maps.Groups.Sum(g => g.ResidentBytes);
        Lines(text, Invariant($"pid {maps.Pid} ({maps.Comm}): {ByteSize.Format(total)} resident in {maps.Groups.Sum(g => g.Mappings)} mappings, smaps read in {maps.ReadTime.TotalMilliseconds:F0} ms"), width);
        if (maps.ReadTime > SlowRead)
        {
            Lines(text, Invariant($"note: smaps is slow for this process ({maps.ReadTime.TotalMilliseconds:F0} ms); --watch rereads it each interval"), width);
        }

        // GROWN holds a signed size: one character wider than a size.
        var grown = before is null ? null : new Column("GROWN", ByteSize.Width + 1, g => g.ResidentBytes - before.GetValueOrDefault((g.Kind, g.Name)));
        var shown = new List<Column>(Sizes);
        foreach (var drop in DropOrder)
        {
            if (width - Fixed(shown, grown) >= MinimumName)
            {
                break;
            }

            shown.RemoveAll(c => c.Title == drop);
        }

        if (grown is not null)
        {
            shown.Add(grown);
        }

        var nameWidth = Math.Max(8, width - Fixed(shown, null));
        text.Append(TextFit.Left("KIND", KindWidth));
        foreach (var column in shown)
        {
            text.Append(' ').Append(TextFit.Right(column.Title, column.Width));
        }

        text.Append(' ').Append(TextFit.Right("MAPS", CountWidth)).AppendLine(" NAME");
        foreach (var group in maps.Groups)
        {
            text.Append(TextFit.Left(KindLabel(group.Kind), KindWidth));
            foreach (var column in shown)
            {
                var value = column.Value(group);
                var cell = ReferenceEquals(column, grown) ? (value > 0 ? "+" + ByteSize.Format(value) : value < 0 ? "-" + ByteSize.Format(-value) : "=") : ByteSize.Format(value);
                text.Append(' ').Append(TextFit.Right(cell, column.Width));
            }

            text.Append(' ').Append(TextFit.Right(group.Mappings.ToString(CultureInfo.InvariantCulture), CountWidth))
                .Append(' ').AppendLine(TextFit.CutStart(group.Name, nameWidth));
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

    private static void Lines(StringBuilder text, string sentence, int width)
    {
        foreach (var line in TextFit.Wrap(sentence, width, 2))
        {
            text.AppendLine(line);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every column's width but NAME's, with the space before each after KIND.</summary>
    private static int Fixed(List<Column> shown, Column? extra) =>
        KindWidth + shown.Sum(c => c.Width + 1) + (extra is null ? 0 : extra.Width + 1) + 1 + CountWidth + 1;

    private sealed record Column(string Title, int Width, Func<MappingGroup, long> Value);
}
