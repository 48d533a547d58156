using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.SystemMemory;

/// <summary>
/// One reading of the system-wide memory files. A part is null when its file could not be read this time
/// (Pressure is null on kernels without PSI, before 4.20 or booted with psi=0).
/// </summary>
public sealed record SystemMemorySnapshot(
    DateTimeOffset Timestamp,
    Meminfo? Meminfo,
    VmstatCounters? Vmstat,
    PressureStall? Pressure,
    IReadOnlyList<BuddyZone> Zones)
{
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

    /// <summary>SwapFree in bytes (0 without swap), or -1 when meminfo could not be read.</summary>
    public long SwapFreeBytes => Meminfo is { } m ? Math.Max(0, m.Get("SwapFree")) : -1;

    /// <summary>SwapTotal in bytes (0 without swap), or -1 when meminfo could not be read.</summary>
    public long SwapTotalBytes => Meminfo is { } m ? Math.Max(0, m.Get("SwapTotal")) : -1;
}
