namespace MemoryMonitor.Cli.Monitoring;

/// <summary>What the monitor's process table is ordered by, largest first.</summary>
internal enum MonitorSort
{
    Resident,
    Proportional,
    Swap,
    Growth,
}
