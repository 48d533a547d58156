namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// One finding of live `memmon detect`, printed once when it first crosses its threshold: an anomaly (score) or a
/// leak (risk) of a process, or an anomaly of the system's used memory (no pid).
/// </summary>
internal sealed record DetectFinding(
    DateTimeOffset At,
    string Kind,
    int? Pid,
    string Name,
    double Score,
    double ResidentBytes,
    double GrowthBytesPerSecond,
    string Detail);
