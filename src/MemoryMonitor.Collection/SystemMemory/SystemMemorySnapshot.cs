using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.SystemMemory;

/// <summary>
/// One reading of the system-wide memory files. A part is null when its file could not be read this time
/// (Pressure is null on kernels without PSI, before 4.20 or booted with psi=0).
/// </summary>
/// <param name="FragmentationOrder">The allocation order (<see cref="CollectionSettings.FragmentationOrder"/>) fragmentation is judged for.</param>
/// <param name="Timestamp">Wall-clock time of the reading, for people (report headers, log lines) only.</param>
/// <param name="Monotonic">
/// Monotonic time of the reading (<see cref="TimeProvider.GetTimestamp"/>, from an arbitrary origin): every
/// interval, rate and series the analysis sees is measured on it, because wall-clock time jumps when NTP
/// steps the clock and a series whose time goes back breaks the trend estimators.
/// </param>
public sealed record SystemMemorySnapshot(
    DateTimeOffset Timestamp,
    TimeSpan Monotonic,
    Meminfo? Meminfo,
    VmstatCounters? Vmstat,
    PressureStall? Pressure,
    IReadOnlyList<BuddyZone> Zones,
    int FragmentationOrder)
{
    /// <summary>The zone's unusable free space index for the configured <see cref="FragmentationOrder"/>: what the metric and the health score both show.</summary>
    public double UnusableIndex(BuddyZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.UnusableIndex(FragmentationOrder);
    }

    /// <summary>MemTotal in bytes, or -1 when meminfo could not be read.</summary>
    public long TotalBytes => Meminfo?.Get("MemTotal") ?? -1;

    /// <summary>
    /// MemAvailable in bytes. Before Linux 3.14 there is no MemAvailable; free + buffers + page cache is the
    /// usual estimate then. -1 when meminfo could not be read.
    /// </summary>
    public long AvailableBytes
    {
        get
        {
            if (Meminfo is not { } m)
            {
                return -1;
            }

            var available = m.Get("MemAvailable");
            return available >= 0 ? available : m.Get("MemFree") + m.Get("Buffers") + m.Get("Cached");
        }
    }

    /// <summary>
    /// Used memory, MemTotal - <see cref="AvailableBytes"/> (procps-ng free(1) since 4.0): the one definition that
    /// the metrics, the analysis and the terminal views all show; -1 when meminfo could not be read.
    /// </summary>
    public long UsedBytes => TotalBytes < 0 || AvailableBytes < 0 ? -1 : TotalBytes - AvailableBytes;

    /// <summary>
    /// What can still be allocated before the kernel OOM-kills: <see cref="AvailableBytes"/> + SwapFree. The kernel
    /// reclaims hard and then kills when neither RAM nor swap can take more; -1 when meminfo could not be read.
    /// </summary>
    public long HeadroomBytes => AvailableBytes < 0 ? -1 : AvailableBytes + SwapFreeBytes;

    /// <summary>SwapFree in bytes (0 without swap), or -1 when meminfo could not be read.</summary>
    public long SwapFreeBytes => Meminfo is { } m ? Math.Max(0, m.Get("SwapFree")) : -1;

    /// <summary>SwapTotal in bytes (0 without swap), or -1 when meminfo could not be read.</summary>
    public long SwapTotalBytes => Meminfo is { } m ? Math.Max(0, m.Get("SwapTotal")) : -1;

    /// <summary>SwapTotal - SwapFree in bytes (0 without swap), or -1 when meminfo could not be read.</summary>
    public long SwapUsedBytes => Meminfo is null ? -1 : Math.Max(0, SwapTotalBytes - SwapFreeBytes);
}
