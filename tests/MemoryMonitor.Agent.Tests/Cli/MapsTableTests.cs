using System.Text.RegularExpressions;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Collection.Maps;

namespace MemoryMonitor.Agent.Tests.Cli;

public sealed class MapsTableTests
{
    private const long Gib = 1L << 30;
    private static readonly Regex Size = new(@"^\+?\d+(\.\d)? (B|KiB|MiB|GiB|TiB)$|^=$", RegexOptions.Compiled);

    [Theory]
    [InlineData(80, false)]
    [InlineData(80, true)]
    [InlineData(200, false)]
    [InlineData(200, true)]
    public void Sizes_up_to_1023_9_GiB_stay_whole_and_no_line_is_wider_than_the_terminal(int width, bool watching)
    {
        var largest = (long)(1023.9 * Gib);
        var maps = Maps(Group(MappingKind.ThreadStacks, "[threads]", largest), Group(MappingKind.File, "/usr/lib/x86_64-linux-gnu/a-long-library-name.so.6", largest - 1));
        var before = watching ? new Dictionary<(MappingKind, string), long> { [(MappingKind.ThreadStacks, "[threads]")] = 0 } : null;

        var lines = MapsTable.Format(maps, before, width).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns: '{l}'"));
        // The summary above may take two lines at 80 columns (a 7-digit pid, a 15-character name): it is broken, not cut.
        var at = Array.FindIndex(lines, l => l.StartsWith("KIND", StringComparison.Ordinal));
        var header = lines[at];
        Assert.Contains("smaps read in 3 ms", string.Join(' ', lines[..at].Select(l => l.Trim())), StringComparison.Ordinal);
        Assert.Contains("RSS", header, StringComparison.Ordinal);
        Assert.Equal(watching, header.Contains("GROWN", StringComparison.Ordinal));
        // Every size cell, cut at the right-aligned titles' ends: whole, and the largest exactly as ByteSize writes it.
        var titles = Regex.Matches(header, @"\S+").Where(t => t.Value is not ("KIND" or "MAPS" or "NAME")).ToList();
        foreach (var row in lines[(at + 1)..])
        {
            var start = 7;
            foreach (var title in titles)
            {
                var end = title.Index + title.Length;
                var cell = row[start..end].Trim();
                Assert.Matches(Size, cell);
                start = end;
            }
        }

        Assert.Contains("1023.9 GiB", lines[at + 1], StringComparison.Ordinal);
        if (watching)
        {
            Assert.Contains("+1023.9 GiB", lines[at + 1], StringComparison.Ordinal);
        }

        Assert.EndsWith("library-name.so.6", lines[at + 2], StringComparison.Ordinal);
    }

    [Fact]
    public void At_200_columns_every_size_column_is_shown_and_at_80_dirty_drops_first()
    {
        var maps = Maps(Group(MappingKind.Heap, "[heap]", Gib));

        var wide = Header(MapsTable.Format(maps, null, 200));
        var narrow = Header(MapsTable.Format(maps, new Dictionary<(MappingKind, string), long>(), 80));

        Assert.Matches(@"^KIND +RSS +PSS +SWAP +DIRTY +PRIVATE +MAPS NAME$", wide);
        Assert.Matches(@"^KIND +RSS +PSS +PRIVATE +GROWN +MAPS NAME$", narrow);
    }

    private static string Header(string text) => text.Split('\n').Single(l => l.StartsWith("KIND", StringComparison.Ordinal)).TrimEnd('\r');

    private static ProcessMaps Maps(params MappingGroup[] groups) => new(4194303, "a-process-name", groups, TimeSpan.FromMilliseconds(3));

    private static MappingGroup Group(MappingKind kind, string name, long bytes) => new(kind, name)
    {
        Mappings = 12345,
        SizeBytes = bytes,
        ResidentBytes = bytes,
        ProportionalBytes = bytes,
        SwapBytes = bytes,
        DirtyBytes = bytes,
        PrivateBytes = bytes,
    };
}
