using System.Globalization;
using CsCheck;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing.Fuzzing;

/// <summary>
/// The parsers under fuzzing by name: the fixtures each reads, and what each promises of the values it returns.
/// </summary>
internal static class ProcParsers
{
    public static TheoryData<string> Names =>
        [
            "meminfo", "vmstat", "pressure", "buddyinfo", "stat", "status", "smaps_rollup", "cgroup", "cgroup limit", "cgroup usage",
            "memory.stat v2", "memory.stat v1", "memory.events", "memory.oom_control", "kmsg",
        ];

    /// <summary>Every fixture, real or handwritten, of the file this parser reads.</summary>
    public static IReadOnlyList<byte[]> Corpus(string parser) =>
        [.. Fixture.All("real").Concat(Fixture.All("handwritten"))
            .Where(path => ParserOf(Path.GetFileName(path)) == parser)
            .Select(File.ReadAllBytes)];

    /// <summary>A line the parser does not know, which it must pass over: "{0}" is a name, "{1}" a value.</summary>
    public static Gen<string> UnknownLine(string parser)
    {
        var format = parser switch
        {
            "meminfo" or "smaps_rollup" => "Fuzz{0}:   {1} kB",
            "status" => "Fuzz{0}:\t{1} kB",
            "vmstat" or "memory.stat v2" or "memory.stat v1" or "memory.events" or "memory.oom_control" => "fuzz_{0} {1}",
            "cgroup" => "{1}:fuzz_{0}:/{0}",
            _ => throw new ArgumentOutOfRangeException(nameof(parser), parser, "has no unknown lines to pass over"),
        };
        return Gen.Select(Gen.String["abcdefghijklmnopqrstuvwxyz_"], Gen.Long[0, long.MaxValue / 1024],
            (name, value) => string.Format(CultureInfo.InvariantCulture, format, name, value));
    }

    /// <summary>
    /// Runs the parser and asserts what its API promises of the values it returned. Returns the values as
    /// lines that compare equal when the values do, or null when the parser refused the text (TryParse
    /// false, no cgroup); throws the parser's <see cref="ParseException"/>.
    /// </summary>
    public static IReadOnlyList<string>? Parse(string parser, byte[] text) => parser switch
    {
        "meminfo" => Checked(MeminfoParser.Parse(text, new AsciiStringPool())),
        "vmstat" => Checked(VmstatParser.Parse(text)),
        "pressure" => Checked(PressureParser.Parse(text)),
        "buddyinfo" => Checked(BuddyinfoParser.Parse(text, new AsciiStringPool())),
        "stat" => ProcessStatParser.TryParse(text, out var stat) ? Checked(stat, text) : null,
        "status" => ProcessStatusParser.TryParse(text, out var status) ? Checked(status) : null,
        "smaps_rollup" => SmapsRollupParser.TryParse(text, out var rollup) ? Checked(rollup) : null,
        "cgroup" => CgroupMembershipParser.Parse(text) is { } membership ? Checked(membership) : null,
        "cgroup limit" => Checked(CgroupValueParser.ParseLimit(text)),
        "cgroup usage" => Checked(CgroupValueParser.ParseValue(text)),
        "memory.stat v2" => Checked(CgroupMemoryStatParser.ParseV2(text), swapBytes: -1, hierarchicalLimitBytes: null),
        "memory.stat v1" => Checked(CgroupMemoryStatParser.ParseV1(text, out var swap, out var hierarchical), swap, hierarchical),
        "memory.events" => Checked(CgroupMemoryEventsParser.ParseV2(text), failCount: null),
        "memory.oom_control" => Checked(CgroupMemoryEventsParser.ParseV1(text, failCount: 7), failCount: 7),
        "kmsg" => OomKillRecordParser.TryParse(text, out var kill) ? Checked(kill) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(parser), parser, "is not a parser under fuzzing"),
    };

    /// <summary>Fixtures are named after their file: "meminfo", "meminfo-linux-3.13", "self-stat", "cgroup-v2-memory.max"...</summary>
    private static string ParserOf(string fixture)
    {
        bool Is(string file) => fixture == file || fixture.StartsWith(file + "-", StringComparison.Ordinal) || fixture.EndsWith("-" + file, StringComparison.Ordinal);
        bool Holds(string file) => fixture.Contains(file, StringComparison.Ordinal);

        return fixture switch
        {
            _ when Holds("memory.stat") => Holds("v1") ? "memory.stat v1" : "memory.stat v2",
            _ when Holds("memory.events") => "memory.events",
            _ when Holds("memory.oom_control") => "memory.oom_control",
            _ when Holds("memory.pressure") => "pressure",
            _ when Is("kmsg") => "kmsg",
            _ when Holds("limit_in_bytes") || Holds("memory.max") => "cgroup limit",
            _ when Holds("usage_in_bytes") || Holds("memory.current") || Holds("failcnt") => "cgroup usage",
            _ when Is("meminfo") => "meminfo",
            _ when Is("vmstat") => "vmstat",
            _ when Is("pressure") => "pressure",
            _ when Is("buddyinfo") => "buddyinfo",
            _ when Is("stat") => "stat",
            _ when Is("status") => "status",
            _ when Is("smaps_rollup") => "smaps_rollup",
            _ when Is("cgroup") => "cgroup",
            _ => throw new InvalidOperationException($"Fixture {fixture} feeds no fuzzed parser: name its parser in ProcParsers.ParserOf."),
        };
    }

    private static string[] Checked(Meminfo meminfo)
    {
        foreach (var field in meminfo.Fields)
        {
            // Negative values are malformed; kB are turned into bytes.
            Assert.True(field.Value >= 0 && (!field.IsBytes || field.Value % 1024 == 0), $"meminfo {field}");
        }

        return [.. meminfo.Fields.Select(field => field.ToString())];
    }

    private static string[] Checked(VmstatCounters counters)
    {
        // -1 marks a counter the kernel did not print; pgfault and pgmajfault must be there.
        long[] all = [counters.PageFaults, counters.MajorPageFaults, counters.SwapInPages, counters.SwapOutPages,
            counters.OomKills, counters.CompactStalls, counters.CompactFailures, counters.CompactSuccesses];
        Assert.True(all.All(counter => counter >= -1) && counters.PageFaults >= 0 && counters.MajorPageFaults >= 0, $"vmstat {counters}");
        return [counters.ToString()];
    }

    private static string[] Checked(PressureStall stall)
    {
        double[] averages = [stall.SomeAvg10, stall.SomeAvg60, stall.SomeAvg300, stall.FullAvg10, stall.FullAvg60, stall.FullAvg300];
        Assert.True(stall.SomeTotalMicroseconds >= 0 && stall.FullTotalMicroseconds >= 0
            && averages.All(average => average >= 0 && double.IsFinite(average)), $"pressure {stall}");
        return [stall.ToString()];
    }

    private static string[] Checked(IReadOnlyList<BuddyZone> zones)
    {
        foreach (var zone in zones)
        {
            // The unusable free space index is a share: 0 when every free page is usable, 1 when none is.
            Assert.True(zone.Node >= 0 && zone.FreePages >= 0, $"buddyinfo node {zone.Node} zone {zone.Zone}: {zone.FreePages} free pages");
            for (var order = 0; order <= zone.FreeBlocksByOrder.Length; order++)
            {
                var index = zone.UnusableIndex(order);
                Assert.True(index is >= 0 and <= 1, $"buddyinfo node {zone.Node} zone {zone.Zone}: unusable index {index} at order {order}");
            }
        }

        return [.. zones.Select(zone => $"Node {zone.Node}, zone {zone.Zone} {string.Join(' ', zone.FreeBlocksByOrder)}")];
    }

    private static string[] Checked(ProcessStat stat, byte[] text)
    {
        // The sweeper slices the comm out of the text it read: the range must lie between the parentheses.
        Assert.True(stat.Pid > 0 && stat.CommStart >= 1 && stat.CommLength >= 0 && stat.CommStart + stat.CommLength < text.Length
            && text[stat.CommStart - 1] == (byte)'(' && text[stat.CommStart + stat.CommLength] == (byte)')', $"stat {stat}");
        return [stat.ToString()];
    }

    private static string[] Checked(ProcessStatus status)
    {
        // -1 marks a line the kernel did not print (or a malformed one); kB are turned into bytes.
        long[] bytes = [status.VirtualBytes, status.ResidentBytes, status.ResidentAnonBytes, status.ResidentFileBytes,
            status.ResidentShmemBytes, status.SwapBytes];
        Assert.True(bytes.All(value => value == -1 || (value >= 0 && value % 1024 == 0)) && status.RealUid >= 0, $"status {status}");
        return [status.ToString()];
    }

    private static string[] Checked(SmapsRollup rollup)
    {
        Assert.True(rollup.ResidentBytes >= 0 && rollup.ProportionalBytes >= 0 && rollup.UniqueBytes >= 0 && rollup.SwapBytes >= -1,
            $"smaps_rollup {rollup}");
        return [rollup.ToString()];
    }

    private static string[] Checked(CgroupMembership membership)
    {
        // The resolver looks for container and pod ids in whatever path the file held.
        var identity = ContainerIdentityParser.Parse(membership.Path);
        Assert.True(identity is null
            || (identity.ContainerId.Length == 64 && identity.ContainerId.All(char.IsAsciiHexDigitLower)
                && identity.PodUid.Length is 0 or 36), $"cgroup {membership}: {identity}");
        return [$"{membership} {identity}"];
    }

    private static string[] Checked(OomKillRecord kill)
    {
        // A kill names a real process (pid 0 is the idle task) and a uid or -1; the container comes from the task's cgroup.
        Assert.True(kill.Sequence >= 0 && kill.SinceBootMicroseconds >= 0 && kill.Pid > 0 && kill.Uid >= -1
            && Enum.IsDefined(kill.Constraint) && Enum.IsDefined(kill.Form)
            && (kill.Container is null || (kill.TaskMemcg is not null && kill.Container == ContainerIdentityParser.Parse(kill.TaskMemcg)))
            && (kill.Form == OomKillForm.Summary || (kill.OomMemcg is null && kill.TaskMemcg is null)), $"kmsg {kill}");
        return [kill.ToString()];
    }

    private static string[] Checked(long? limit)
    {
        // null is "no limit": "max" in v2, PAGE_COUNTER_MAX (2^62 or more) in v1.
        Assert.True(limit is null or (>= 0 and < 1L << 62), $"cgroup limit {limit}");
        return [$"{limit}"];
    }

    private static string[] Checked(long usage)
    {
        Assert.True(usage >= 0, $"cgroup usage {usage}");
        return [$"{usage}"];
    }

    private static string[] Checked(ContainerMemoryStat stat, long swapBytes, long? hierarchicalLimitBytes)
    {
        // -1 marks a field the kernel did not print; anon and file are always printed, so never -1.
        long[] bytes = [stat.AnonBytes, stat.FileBytes, stat.ActiveFileBytes, stat.InactiveFileBytes, stat.ShmemBytes,
            stat.FileMappedBytes, stat.UnevictableBytes, stat.SlabReclaimableBytes, stat.SlabUnreclaimableBytes, swapBytes];
        Assert.True(bytes.All(value => value >= -1) && stat.AnonBytes >= 0 && stat.FileBytes >= 0, $"memory.stat {stat} swap {swapBytes}");
        Checked(hierarchicalLimitBytes);
        return [stat.ToString(), $"swap {swapBytes}", $"limit {hierarchicalLimitBytes}"];
    }

    private static string[] Checked(ContainerMemoryEvents events, long? failCount)
    {
        // v2 memory.events always has max; v1 takes it from memory.failcnt as it was given.
        Assert.True(events.High >= -1 && events.Oom >= -1 && events.OomKill >= -1 && (failCount is { } max ? events.Max == max : events.Max >= 0),
            $"memory events {events}");
        return [events.ToString()];
    }
}
