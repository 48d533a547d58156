namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>How a family's values behave: a gauge is set to the value, a counter only rises to it.</summary>
internal enum FamilyKind
{
    Gauge,
    Counter,
}
