using System.Text;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

/// <summary>memory.stat, memory.events, memory.oom_control and memory.pressure of a container cgroup, v1 and v2.</summary>
public sealed class CgroupMemoryFileParserTests
{
    [Fact]
    public void V2_memory_stat_fills_every_field_of_the_split()
    {
        var stat = CgroupMemoryStatParser.ParseV2(Fixture.Bytes("handwritten/cgroup-v2-memory.stat"));

        Assert.Equal(new ContainerMemoryStat(
            AnonBytes: 104857600,
            FileBytes: 52428800,
            ActiveFileBytes: 16777216,
            InactiveFileBytes: 31457280,
            ShmemBytes: 4194304,
            FileMappedBytes: 8388608,
            UnevictableBytes: 2097152,
            SlabReclaimableBytes: 3145728,
            SlabUnreclaimableBytes: 1048576), stat);
    }

    [Fact]
    public void V1_memory_stat_reads_the_hierarchical_totals_not_the_cgroups_own_figures()
    {
        var stat = CgroupMemoryStatParser.ParseV1(Fixture.Bytes("real/cgroup-v1-memory.stat"), out var swap, out var limit);

        // The root's own "rss 4231168"-style lines precede the totals: the total_* values must win.
        Assert.Equal(new ContainerMemoryStat(
            AnonBytes: 282202112,
            FileBytes: 761237504,
            ActiveFileBytes: 298500096,
            InactiveFileBytes: 366198784,
            ShmemBytes: 96538624,
            FileMappedBytes: 243089408,
            UnevictableBytes: 13656064,
            SlabReclaimableBytes: -1,
            SlabUnreclaimableBytes: -1), stat);
        Assert.Equal(0, swap);
        Assert.Null(limit);
    }

    [Fact]
    public void V1_hierarchical_limit_is_read_in_bytes_and_a_missing_total_swap_as_unknown()
    {
        var text = "cache 0\nrss 0\nhierarchical_memory_limit 67108864\ntotal_cache 4096\ntotal_rss 8192\n"u8;

        var stat = CgroupMemoryStatParser.ParseV1(text, out var swap, out var limit);

        Assert.Equal(67108864, limit);
        Assert.Equal(-1, swap);
        Assert.Equal((8192L, 4096L, -1L), (stat.AnonBytes, stat.FileBytes, stat.ShmemBytes));
    }

    [Fact]
    public void V2_memory_events_reads_max_high_oom_and_oom_kill()
    {
        var events = CgroupMemoryEventsParser.ParseV2(Fixture.Bytes("handwritten/cgroup-v2-memory.events"));

        Assert.Equal(new ContainerMemoryEvents(Max: 345, High: 12, Oom: 3, OomKill: 2), events);
    }

    [Fact]
    public void V2_memory_events_before_linux_4_13_has_no_oom_kill()
    {
        Assert.Equal(new ContainerMemoryEvents(5, 1, 0, -1), CgroupMemoryEventsParser.ParseV2("low 0\nhigh 1\nmax 5\noom 0\n"u8));
    }

    [Fact]
    public void V1_events_are_failcnt_and_oom_kill_of_oom_control()
    {
        var events = CgroupMemoryEventsParser.ParseV1(Fixture.Bytes("real/cgroup-v1-memory.oom_control"), failCount: 42);

        Assert.Equal(new ContainerMemoryEvents(Max: 42, High: -1, Oom: -1, OomKill: 0), events);
        Assert.Equal(-1, CgroupMemoryEventsParser.ParseV1("oom_kill_disable 0\nunder_oom 0\n"u8, failCount: 0).OomKill);
        Assert.Equal(0, CgroupValueParser.ParseValue(Fixture.Bytes("real/cgroup-v1-memory.failcnt")));
    }

    [Fact]
    public void Cgroup_memory_pressure_is_read_like_the_nodes()
    {
        var stall = PressureParser.Parse(Fixture.Bytes("handwritten/cgroup-v2-memory.pressure"));

        Assert.Equal((1234567L, 456789L, 1.5, 0.5), (stall.SomeTotalMicroseconds, stall.FullTotalMicroseconds, stall.SomeAvg10, stall.FullAvg10));
    }

    [Fact]
    public void Lines_a_newer_kernel_adds_are_skipped()
    {
        var original = Fixture.Bytes("handwritten/cgroup-v2-memory.stat");
        var newer = Encoding.ASCII.GetBytes("anon_future 77\n" + Encoding.ASCII.GetString(original) + "pgpromote_success 9\n");

        Assert.Equal(CgroupMemoryStatParser.ParseV2(original), CgroupMemoryStatParser.ParseV2(newer));
    }

    [Theory]
    [InlineData("anon 100\nfile -5\n")]
    [InlineData("anon 100\nfile lots\n")]
    [InlineData("anon 100\nfile\n")]
    [InlineData("anon 100\nfile 99999999999999999999\n")]
    [InlineData("anon 100\nfuture_field -1\nfile 5\n")]
    public void A_negative_or_non_numeric_value_is_malformed(string text)
    {
        var exception = Assert.Throws<ParseException>(() => CgroupMemoryStatParser.ParseV2(Encoding.ASCII.GetBytes(text)));
        Assert.Contains("memory.stat line 2", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("total_cache 1\nhierarchical_memory_limit 1\n")]
    [InlineData("total_rss 1\ntotal_cache 1\n")]
    public void V1_memory_stat_cut_before_its_totals_or_limit_is_malformed(string text)
    {
        Assert.Throws<ParseException>(() => CgroupMemoryStatParser.ParseV1(Encoding.ASCII.GetBytes(text), out _, out _));
    }
}
