using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

public sealed class SystemFileParserTests
{
    [Fact]
    public void Meminfo_keeps_every_field_of_a_real_file_in_order_and_in_bytes()
    {
        var meminfo = MeminfoParser.Parse(Fixture.Bytes("real/meminfo"), new AsciiStringPool());

        var lines = File.ReadAllLines(Fixture.PathOf("real/meminfo"));
        Assert.Equal(lines.Length, meminfo.Fields.Count);
        Assert.Equal(lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]), meminfo.Fields.Select(f => f.Name));
        Assert.Equal(24683620L * 1024, meminfo.Get("MemTotal"));
        Assert.Equal(24229040L * 1024, meminfo.Get("MemAvailable"));
        Assert.Equal(2048L * 1024, meminfo.Get("Hugepagesize"));
    }

    [Fact]
    public void Meminfo_counts_without_a_unit_are_kept_as_counts()
    {
        var meminfo = MeminfoParser.Parse(Fixture.Bytes("handwritten/meminfo-linux-3.13"), new AsciiStringPool());

        var hugePages = meminfo.Fields.Single(f => f.Name == "HugePages_Total");
        Assert.Equal(4, hugePages.Value);
        Assert.False(hugePages.IsBytes);
    }

    [Fact]
    public void Meminfo_before_linux_3_14_has_no_MemAvailable()
    {
        var meminfo = MeminfoParser.Parse(Fixture.Bytes("handwritten/meminfo-linux-3.13"), new AsciiStringPool());

        Assert.Equal(-1, meminfo.Get("MemAvailable"));
        Assert.Equal(2048000L * 1024, meminfo.Get("MemTotal"));
    }

    [Fact]
    public void Vmstat_reads_fault_swap_oom_and_compaction_counters()
    {
        var counters = VmstatParser.Parse(Fixture.Bytes("real/vmstat"));

        Assert.Equal(new VmstatCounters(823014, 338, 0, 0, 0, 0, 0, 0), counters);
        Assert.Equal(823014 - 338, counters.MinorPageFaults);
    }

    [Fact]
    public void Vmstat_before_linux_4_13_reports_oom_kills_and_compaction_as_absent()
    {
        var counters = VmstatParser.Parse(Fixture.Bytes("handwritten/vmstat-linux-4.12"));

        Assert.Equal(new VmstatCounters(987654, 321, 17, 42, -1, -1, -1, -1), counters);
    }

    [Fact]
    public void Pressure_reads_totals_and_averages_of_both_lines()
    {
        var stall = PressureParser.Parse(Fixture.Bytes("handwritten/pressure-memory-under-load"));

        Assert.Equal(new PressureStall(93847561, 23456789, 12.50, 4.07, 0.93, 3.25, 1.01, 0.20), stall);
    }

    [Fact]
    public void Pressure_of_an_idle_real_machine_is_zero()
    {
        Assert.Equal(default, PressureParser.Parse(Fixture.Bytes("real/pressure-memory")));
    }

    [Fact]
    public void Buddyinfo_reads_every_zone_of_a_real_file()
    {
        var zones = BuddyinfoParser.Parse(Fixture.Bytes("real/buddyinfo"), new AsciiStringPool());

        Assert.Equal(["DMA", "DMA32", "Normal"], zones.Select(z => z.Zone));
        Assert.All(zones, z => Assert.Equal(11, z.FreeBlocksByOrder.Length));
        Assert.Equal([25L, 19, 563, 631, 355, 391, 241, 93, 55, 28, 54], zones[2].FreeBlocksByOrder);
    }

    [Fact]
    public void Unusable_index_is_the_share_of_free_pages_in_blocks_too_small_for_the_order()
    {
        var zones = BuddyinfoParser.Parse(Fixture.Bytes("handwritten/buddyinfo-fragmented"), new AsciiStringPool());

        // DMA: 3975 free pages, 3584 of them in order-9 or order-10 blocks.
        Assert.Equal(391.0 / 3975, zones[0].UnusableIndex(9), 12);
        // Normal: 12000 free pages, none at order 9, 4000 in order-2 blocks.
        Assert.Equal(1.0, zones[1].UnusableIndex(9));
        Assert.Equal(8000.0 / 12000, zones[1].UnusableIndex(2), 12);
        Assert.Equal(0.0, zones[1].UnusableIndex(0));
        // Node 1 has no free pages: nothing is wasted.
        Assert.Equal(1, zones[2].Node);
        Assert.Equal(0.0, zones[2].UnusableIndex(9));
    }
}
