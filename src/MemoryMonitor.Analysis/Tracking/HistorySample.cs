namespace MemoryMonitor.Analysis.Tracking;

/// <summary>One sample of a process: seconds on a monotonic axis, bytes, and cumulative fault counters.</summary>
public readonly record struct HistorySample(
    double Seconds,
    double ResidentBytes,
    double AnonBytes,
    double FileBytes,
    double VirtualBytes,
    double MinorFaults,
    double MajorFaults);
