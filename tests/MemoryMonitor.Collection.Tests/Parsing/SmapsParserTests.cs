using MemoryMonitor.Collection.Maps;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

public sealed class SmapsParserTests
{
    private const string Smaps = """
        55d0c9a00000-55d0c9a21000 rw-p 00000000 00:00 0                          [heap]
        Size:                132 kB
        Rss:                 100 kB
        Pss:                 100 kB
        Shared_Clean:          0 kB
        Shared_Dirty:          0 kB
        Private_Clean:         0 kB
        Private_Dirty:       100 kB
        Swap:                 20 kB
        VmFlags: rd wr mr mw me ac sd
        7f0000000000-7f0000001000 ---p 00000000 00:00 0
        Size:                  4 kB
        Rss:                   0 kB
        7f0000001000-7f0000801000 rw-p 00000000 00:00 0
        Size:               8192 kB
        Rss:                  40 kB
        Private_Dirty:        40 kB
        7f1000000000-7f1000400000 rw-p 00000000 00:00 0
        Size:               4096 kB
        Rss:                4096 kB
        Private_Dirty:      4096 kB
        7f2000000000-7f2000100000 r-xp 00000000 08:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6
        Size:               1024 kB
        Rss:                 800 kB
        Pss:                 100 kB
        Shared_Clean:        800 kB
        7f2000100000-7f2000110000 rw-p 00100000 08:01 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6
        Size:                 64 kB
        Rss:                   8 kB
        Private_Dirty:         8 kB
        7f3000000000-7f3000010000 rw-s 00000000 00:05 77                         /dev/shm/pulse-shm-1 (deleted)
        Size:                 64 kB
        Rss:                  64 kB
        Shared_Dirty:         64 kB
        7f4000000000-7f4000010000 rw-p 00000000 00:00 0                          [anon:dalvik-heap]
        Size:                 64 kB
        Rss:                  16 kB
        7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
        Size:                132 kB
        Rss:                  12 kB
        ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
        Size:                  4 kB
        Rss:                   0 kB
        THPeligible:    0
        """;

    [Fact]
    public void Mappings_are_grouped_by_what_they_are_and_sorted_by_resident_size()
    {
        var groups = SmapsParser.Parse(new StringReader(Smaps));

        Assert.Equal(
            [(MappingKind.Anonymous, "[anonymous]"), (MappingKind.File, "/usr/lib/x86_64-linux-gnu/libc.so.6"), (MappingKind.Heap, "[heap]"),
             (MappingKind.SharedMemory, "/dev/shm/pulse-shm-1 (deleted)"), (MappingKind.ThreadStacks, "[thread stacks]"),
             (MappingKind.Anonymous, "[anon:dalvik-heap]"), (MappingKind.Stack, "[stack]")],
            groups.Take(7).Select(g => (g.Kind, g.Name)));
        var libc = groups[1];
        Assert.Equal((2, 1088L * 1024, 808L * 1024, 100L * 1024, 8L * 1024, 8L * 1024), (libc.Mappings, libc.SizeBytes, libc.ResidentBytes, libc.ProportionalBytes, libc.DirtyBytes, libc.PrivateBytes));
        var heap = groups[2];
        Assert.Equal((100L * 1024, 20L * 1024, 100L * 1024), (heap.ResidentBytes, heap.SwapBytes, heap.PrivateBytes));
        // The guard page is an anonymous mapping of its own; the stack above it is a thread's.
        Assert.Equal(4096L * 1024 + 4096, groups[0].SizeBytes);
        Assert.Contains(groups, g => g.Kind == MappingKind.Kernel && g.Name == "[vsyscall]");
    }

    [Theory]
    [InlineData("Rss: lots")]
    [InlineData("not a header and not a field")]
    public void A_line_that_is_neither_header_nor_field_is_malformed(string line)
    {
        var error = Assert.Throws<ParseException>(() => SmapsParser.Parse(new StringReader(Smaps + "\n" + line)));
        Assert.Contains("smaps line 45", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_before_any_header_is_malformed() =>
        Assert.Throws<ParseException>(() => SmapsParser.Parse(new StringReader("Rss: 4 kB")));
}
