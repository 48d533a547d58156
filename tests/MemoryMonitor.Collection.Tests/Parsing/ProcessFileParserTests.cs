using System.Text;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

public sealed class ProcessFileParserTests
{
    [Fact]
    public void Stat_reads_the_fields_the_agent_uses()
    {
        var text = Fixture.Bytes("real/self-stat");

        Assert.True(ProcessStatParser.TryParse(text, out var stat));

        Assert.Equal(new ProcessStat(2000, 6, 2, 4194304, 87, 0, 1, 11552, 2654208), stat);
        Assert.Equal("sh", Encoding.ASCII.GetString(text, stat.CommStart, stat.CommLength));
    }

    [Fact]
    public void Stat_comm_may_hold_spaces_and_parentheses()
    {
        var text = Fixture.Bytes("real/odd-comm-stat");

        Assert.True(ProcessStatParser.TryParse(text, out var stat));

        Assert.Equal("we) ird (na me", Encoding.ASCII.GetString(text, stat.CommStart, stat.CommLength));
        Assert.Equal(2037, stat.Pid);
        Assert.Equal(126, stat.MinorFaults);
    }

    [Fact]
    public void Stat_of_a_kernel_thread_carries_PF_KTHREAD()
    {
        Assert.True(ProcessStatParser.TryParse(Fixture.Bytes("real/kthread-stat"), out var stat));

        Assert.NotEqual(0, stat.Flags & 0x00200000);
        Assert.Equal(0, stat.VirtualBytes);
    }

    [Fact]
    public void Status_reads_memory_split_swap_threads_and_uid_in_bytes()
    {
        Assert.True(ProcessStatusParser.TryParse(Fixture.Bytes("real/self-status"), out var status));

        Assert.Equal(new ProcessStatus(2592 * 1024, 1704 * 1024, 108 * 1024, 1596 * 1024, 0, 0, 1, 0), status);
    }

    [Fact]
    public void Status_before_linux_4_5_has_no_resident_split()
    {
        Assert.True(ProcessStatusParser.TryParse(Fixture.Bytes("handwritten/status-linux-4.4"), out var status));

        Assert.Equal(new ProcessStatus(125600 * 1024, 6100 * 1024, -1, -1, -1, 512 * 1024, 1, 33), status);
    }

    [Fact]
    public void Status_of_a_kernel_thread_has_no_memory_lines()
    {
        Assert.True(ProcessStatusParser.TryParse(Fixture.Bytes("real/kthread-status"), out var status));

        Assert.Equal(-1, status.ResidentBytes);
        Assert.Equal(-1, status.VirtualBytes);
        Assert.Equal(1, status.Threads);
    }

    [Fact]
    public void Status_with_a_repeated_line_still_reads_the_lines_after_it()
    {
        // The parser stops once every wanted line is read: a repeated one must not count twice towards that.
        var text = Encoding.ASCII.GetBytes(
            "Name:\tsh\nUid:\t33\t33\t33\t33\nVmSize:\t 8 kB\nVmRSS:\t 4 kB\nVmRSS:\t 4 kB\nRssAnon:\t 1 kB\n" +
            "RssFile:\t 2 kB\nRssShmem:\t 1 kB\nVmSwap:\t 0 kB\nThreads:\t3\n");

        Assert.True(ProcessStatusParser.TryParse(text, out var status));

        Assert.Equal(new ProcessStatus(8 * 1024, 4 * 1024, 1024, 2 * 1024, 1024, 0, 3, 33), status);
    }

    [Fact]
    public void Smaps_rollup_gives_pss_and_uss_as_private_clean_plus_private_dirty()
    {
        Assert.True(SmapsRollupParser.TryParse(Fixture.Bytes("real/self-smaps_rollup"), out var rollup));

        Assert.Equal(new SmapsRollup(1704 * 1024, 447 * 1024, (116 + 108) * 1024, 0), rollup);
    }
}
