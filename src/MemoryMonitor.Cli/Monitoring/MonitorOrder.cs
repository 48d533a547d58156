using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>Orders the judged processes for the table and names the order for the header.</summary>
internal static class MonitorOrder
{
    public static List<JudgedProcess> Sorted(IReadOnlyList<JudgedProcess> processes, MonitorSort sort)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var list = new List<JudgedProcess>(processes);

        // Unknown figures (-1 bytes, NaN growth) sort last; the pid breaks ties so rows do not jump between refreshes.
        list.Sort((a, b) => Key(b, sort).CompareTo(Key(a, sort)) is var byKey && byKey != 0 ? byKey : a.Process.Pid.CompareTo(b.Process.Pid));
        return list;
    }

    public static MonitorColumn Column(MonitorSort sort) => sort switch
    {
        MonitorSort.Proportional => MonitorColumn.Pss,
        MonitorSort.Swap => MonitorColumn.Swap,
        MonitorSort.Growth => MonitorColumn.Growth,
        _ => MonitorColumn.Rss,
    };

    public static string Label(MonitorSort sort) => sort switch
    {
        MonitorSort.Proportional => "PSS",
        MonitorSort.Swap => "SWAP",
        MonitorSort.Growth => "GROWTH",
        _ => "RSS",
    };

    private static double Key(JudgedProcess judged, MonitorSort sort)
    {
        var value = sort switch
        {
            MonitorSort.Proportional => judged.Process.ProportionalBytes,
            MonitorSort.Swap => judged.Process.SwapBytes,
            MonitorSort.Growth => judged.Judgement.GrowthBytesPerSecond,
            _ => judged.Process.ResidentBytes,
        };

        // Growth can be negative, so "unknown" must be below every real value, not just below 0.
        return double.IsNaN(value) || (sort != MonitorSort.Growth && value < 0) ? double.NegativeInfinity : value;
    }
}
