namespace MemoryMonitor.Export.Instruments;

/// <summary>
/// Process counts from one sweep, for the agent's self-metrics. Seen splits two ways: by export (individual +
/// aggregated) and by analysis (analysed, the rest unanalysed: beyond the bound or not readable).
/// </summary>
public sealed record SweepCounts(int Seen, int Individual, int Aggregated, int Analysed, int SmapsBackedOff);
