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
    IReadOnlyList<BuddyZone> Zones);
