namespace MemoryMonitor.Export.Instruments;

/// <summary>Process counts from one sweep, for the agent's self-metrics.</summary>
public sealed record SweepCounts(int Seen, int Individual, int Aggregated, int SmapsBackedOff);
