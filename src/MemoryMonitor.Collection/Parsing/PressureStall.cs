namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Memory pressure stall information (Documentation/accounting/psi.rst): "some" is time at least one
/// task stalled on memory, "full" time all non-idle tasks stalled. Totals in microseconds, averages in
/// percent over 10 s, 60 s and 300 s.
/// </summary>
public readonly record struct PressureStall(
    long SomeTotalMicroseconds,
    long FullTotalMicroseconds,
    double SomeAvg10,
    double SomeAvg60,
    double SomeAvg300,
    double FullAvg10,
    double FullAvg60,
    double FullAvg300);
