using MemoryMonitor.Collection.Maps;

namespace MemoryMonitor.Cli.Reports;

/// <summary>`memmon maps --json`: the groups as read, sizes in bytes, and the read's own cost.</summary>
internal sealed record MapsReport(int Pid, string Comm, double ReadMilliseconds, IReadOnlyList<MapsReportGroup> Groups)
{
    public static MapsReport Of(ProcessMaps maps) => new(
        maps.Pid,
        maps.Comm,
        Math.Round(maps.ReadTime.TotalMilliseconds, 3),
        [.. maps.Groups.Select(g => new MapsReportGroup(MapsTable.KindLabel(g.Kind), g.Name, g.Mappings, g.SizeBytes, g.ResidentBytes, g.ProportionalBytes, g.SwapBytes, g.DirtyBytes, g.PrivateBytes))]);
}

internal sealed record MapsReportGroup(string Kind, string Name, int Mappings, long SizeBytes, long RssBytes, long PssBytes, long SwapBytes, long DirtyBytes, long PrivateBytes);
