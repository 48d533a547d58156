namespace MemoryMonitor.Cli.Monitoring;

/// <summary>A column of the monitor's process table, declared in the order it is shown.</summary>
internal enum MonitorColumn
{
    Pid,
    Comm,
    User,
    Rss,
    Pss,
    Swap,
    Growth,
    Container,
}
