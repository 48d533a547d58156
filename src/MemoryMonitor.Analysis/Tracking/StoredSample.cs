namespace MemoryMonitor.Analysis.Tracking;

/// <summary>
/// One sample as <see cref="ProcessHistory"/> keeps it: 28 bytes where <see cref="HistorySample"/> takes 56. Time and
/// fault counters are steps from the sample before (a history spans hours, so a step never nears 2^32 of its unit);
/// sizes are 4 KiB units, exact for what /proc reports (kB figures of whole pages) and 16 TiB at most; virtual size
/// is a float because reservations of tens of TiB are real (sanitizers, language runtimes) and the only reader, the
/// DNA's resident-to-virtual ratio, needs 7 significant digits, not every byte.
/// </summary>
internal readonly record struct StoredSample(
    uint MillisecondsSincePrevious,
    uint ResidentUnits,
    uint AnonUnits,
    uint FileUnits,
    float VirtualBytes,
    uint MinorFaultsSincePrevious,
    uint MajorFaultsSincePrevious)
{
    /// <summary>Bytes per size unit: a page on x86-64, and a divisor of every page size Linux uses.</summary>
    public const double UnitBytes = 4096;

    /// <summary>A size the sample did not have (the -1 of <see cref="HistorySample"/>).</summary>
    public const uint Unknown = uint.MaxValue;

    /// <summary>Bytes to units, rounded to the nearest (system and cgroup figures need not be whole pages); negative is unknown.</summary>
    public static uint Units(double bytes) =>
        bytes < 0 || double.IsNaN(bytes) ? Unknown : (uint)Math.Min(Math.Round(bytes / UnitBytes), Unknown - 1);

    public static double Bytes(uint units) => units == Unknown ? -1 : units * UnitBytes;

    /// <summary>A forward step clamped into a uint; a counter that went backwards steps by 0, as the rate readers already treat it.</summary>
    public static uint Step(double from, double to) => to > from ? (uint)Math.Min(Math.Round(to - from), uint.MaxValue) : 0;
}
