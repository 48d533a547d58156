namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// One series a family has per row, e.g. the kind="anon" point of the resident-by-kind family.
/// <paramref name="ExtraLabelValues"/> are the values of the family's labels after the row's own; null means
/// the row's identity (executable, user), which only individually exported processes have, so other rows have
/// no such series. <paramref name="Value"/> is NaN when the row does not know it.
/// </summary>
internal sealed record FamilyPoint<TRow>(string[]? ExtraLabelValues, Func<TRow, double> Value);
