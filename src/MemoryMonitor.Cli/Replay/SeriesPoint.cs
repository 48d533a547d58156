namespace MemoryMonitor.Cli.Replay;

/// <summary>One row of a recorded series: the timestamp as written, and its value.</summary>
internal readonly record struct SeriesPoint(string Timestamp, double Value);
