using System.Text;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Tests.Parsing.Fuzzing;

namespace MemoryMonitor.Collection.Tests.Parsing;

/// <summary>
/// A truncated or garbled file must never take the sweep down: each parser either parses, says no
/// (TryParse false) or throws <see cref="ParseException"/>, which the readers count as "malformed".
/// </summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string, string> FixturesWithParser => new()
    {
        { "meminfo", "real/meminfo" },
        { "meminfo", "handwritten/meminfo-linux-3.13" },
        { "vmstat", "real/vmstat" },
        { "vmstat", "handwritten/vmstat-linux-4.12" },
        { "pressure", "real/pressure-memory" },
        { "pressure", "handwritten/pressure-memory-under-load" },
        { "buddyinfo", "real/buddyinfo" },
        { "stat", "real/self-stat" },
        { "stat", "real/odd-comm-stat" },
        { "status", "real/self-status" },
        { "status", "handwritten/status-linux-4.4" },
        { "smaps_rollup", "real/self-smaps_rollup" },
        { "cgroup", "real/self-cgroup" },
        { "cgroup", "handwritten/cgroup-v1-kubepods-cgroupfs" },
        { "memory.stat v1", "real/cgroup-v1-memory.stat" },
        { "memory.stat v2", "handwritten/cgroup-v2-memory.stat" },
        { "memory.events", "handwritten/cgroup-v2-memory.events" },
        { "memory.oom_control", "real/cgroup-v1-memory.oom_control" },
        { "pressure", "handwritten/cgroup-v2-memory.pressure" },
        { "kmsg", "real/kmsg-oom-kill-memcg" },
        { "kmsg", "real/kmsg-killed-process-memcg" },
        { "kmsg", "handwritten/kmsg-oom-kill-pod-odd-comm" },
    };

    [Theory]
    [MemberData(nameof(FixturesWithParser))]
    public void Every_truncation_of_a_real_file_parses_or_fails_cleanly(string parser, string fixture)
    {
        var text = Fixture.Bytes(fixture);
        for (var length = 0; length <= text.Length; length++)
        {
            AssertFailsCleanly(parser, text.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(FixturesWithParser))]
    public void Random_byte_corruption_parses_or_fails_cleanly(string parser, string fixture)
    {
        var original = Fixture.Bytes(fixture);
        var random = new Random(20261126);
        for (var trial = 0; trial < 500; trial++)
        {
            var text = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                text[random.Next(text.Length)] = (byte)random.Next(256);
            }

            AssertFailsCleanly(parser, text);
        }
    }

    [Theory]
    [InlineData("meminfo")]
    [InlineData("vmstat")]
    [InlineData("pressure")]
    [InlineData("memory.stat v2")]
    [InlineData("memory.stat v1")]
    [InlineData("memory.events")]
    [InlineData("memory.oom_control")]
    public void An_empty_system_or_cgroup_file_is_malformed(string parser)
    {
        Assert.IsType<ParseException>(Run(parser, []), exactMatch: true);
    }

    [Fact]
    public void Meminfo_with_a_number_too_large_for_64_bits_is_malformed_not_wrapped()
    {
        var text = "MemTotal:       99999999999999999999999 kB\n"u8.ToArray();

        var exception = Assert.Throws<ParseException>(() => MeminfoParser.Parse(text, new AsciiStringPool()));
        Assert.Contains("line 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meminfo_kilobytes_too_many_for_64_bits_of_bytes_are_malformed_not_wrapped()
    {
        var largest = MeminfoParser.Parse("MemTotal: 9007199254740991 kB\n"u8, new AsciiStringPool());
        Assert.Equal(9007199254740991L * 1024, largest.Get("MemTotal"));

        var exception = Assert.Throws<ParseException>(() => MeminfoParser.Parse("MemTotal: 9007199254740992 kB\n"u8, new AsciiStringPool()));
        Assert.Contains("line 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meminfo_names_the_bad_line()
    {
        var text = "MemTotal:       1000 kB\nMemFree: lots\n"u8.ToArray();

        var exception = Assert.Throws<ParseException>(() => MeminfoParser.Parse(text, new AsciiStringPool()));
        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2000 (sh) R 1993 1993 1078 0 -1 4194304 87 0 0 0")]
    [InlineData("2000 sh R 1993 1993 1078 0 -1 4194304 87 0 0 0 0 0 0 0 20 0 1 0 11552 2654208 399")]
    [InlineData("(sh) R 1993 1993 1078 0 -1 4194304 87 0 0 0 0 0 0 0 20 0 1 0 11552 2654208 399")]
    [InlineData("2000 (sh) R 1993 1993 1078 0 -1 4194304 87 0 0 0 0 0 0 0 20 0 1 0 11552 99999999999999999999 399")]
    public void Stat_that_is_truncated_or_garbled_is_refused(string text)
    {
        Assert.False(ProcessStatParser.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Stat_whose_pid_is_no_positive_int_is_refused_not_wrapped()
    {
        var text = File.ReadAllText(Fixture.PathOf("real/self-stat"));
        var afterPid = text[text.IndexOf(' ', StringComparison.Ordinal)..];

        Assert.True(ProcessStatParser.TryParse(Encoding.ASCII.GetBytes("2147483647" + afterPid), out var largest));
        Assert.Equal(int.MaxValue, largest.Pid);
        Assert.False(ProcessStatParser.TryParse(Encoding.ASCII.GetBytes("4294967296" + afterPid), out _));
        Assert.False(ProcessStatParser.TryParse(Encoding.ASCII.GetBytes("-2000" + afterPid), out _));
    }

    [Fact]
    public void Status_kilobytes_too_many_for_64_bits_of_bytes_read_as_malformed_not_wrapped()
    {
        var text = File.ReadAllText(Fixture.PathOf("real/self-status")).Replace("VmRSS:\t    1704 kB", "VmRSS:\t9007199254740992 kB", StringComparison.Ordinal);

        Assert.True(ProcessStatusParser.TryParse(Encoding.ASCII.GetBytes(text), out var status));
        Assert.Equal(-1, status.ResidentBytes);
    }

    [Fact]
    public void Smaps_rollup_whose_private_bytes_add_up_past_64_bits_is_refused()
    {
        var text = "Rss: 1 kB\nPss: 1 kB\nPrivate_Clean: 4503599627370496 kB\nPrivate_Dirty: 4503599627370496 kB\n"u8;

        Assert.False(SmapsRollupParser.TryParse(text, out _));
    }

    [Fact]
    public void Status_without_its_Name_line_is_refused()
    {
        var text = File.ReadAllText(Fixture.PathOf("real/self-status")).Replace("Name:\tsh\n", "", StringComparison.Ordinal);

        Assert.False(ProcessStatusParser.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Smaps_rollup_cut_before_the_private_lines_is_refused()
    {
        var text = File.ReadAllText(Fixture.PathOf("real/self-smaps_rollup"));
        var cut = text[..text.IndexOf("Private_Clean", StringComparison.Ordinal)];

        Assert.False(SmapsRollupParser.TryParse(Encoding.ASCII.GetBytes(cut), out _));
    }

    [Theory]
    [InlineData("Node 0, zone Normal 3 -2 1\n")]
    [InlineData("Node 0, zone Normal 1 9223372036854775807\n")]
    [InlineData("Node 0, zone Normal 4611686018427387904 4611686018427387904\n")]
    [InlineData("Node 4294967296, zone Normal 1\n")]
    [InlineData("Node -1, zone Normal 1\n")]
    public void Buddyinfo_with_negative_or_overflowing_numbers_is_malformed_not_wrapped(string text)
    {
        Assert.Throws<ParseException>(() => BuddyinfoParser.Parse(Encoding.ASCII.GetBytes(text), new AsciiStringPool()));
    }

    [Fact]
    public void Vmstat_with_a_negative_counter_is_malformed_not_read_as_absent()
    {
        Assert.Throws<ParseException>(() => VmstatParser.Parse("pgfault 10\npgmajfault 1\noom_kill -1\n"u8));
    }

    [Fact]
    public void Pressure_with_a_negative_average_is_malformed_not_read_as_positive()
    {
        var text = "some avg10=-0.50 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"u8.ToArray();

        Assert.Throws<ParseException>(() => PressureParser.Parse(text));
    }

    [Fact]
    public void Cgroup_line_without_a_path_separator_is_malformed()
    {
        Assert.Throws<ParseException>(() => CgroupMembershipParser.Parse("4:memory\n"u8));
    }

    private static void AssertFailsCleanly(string parser, byte[] text)
    {
        var outcome = Run(parser, text);
        if (outcome is Exception exception and not ParseException)
        {
            Assert.Fail($"{parser} threw {exception.GetType().Name} on {text.Length} bytes: {Encoding.ASCII.GetString(text)}\n{exception}");
        }
    }

    /// <summary>The parser's values checked against its API (<see cref="ProcParsers.Parse"/>), null for a refusal, or the exception it threw.</summary>
    private static object? Run(string parser, byte[] text)
    {
        try
        {
            return ProcParsers.Parse(parser, text);
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
