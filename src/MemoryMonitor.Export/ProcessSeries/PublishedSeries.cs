namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// The rows of one publish for each table of <see cref="ProcessFamilyTable"/>, replaced whole each time so a
/// reader on another thread (the OTLP export) sees one consistent sweep.
/// </summary>
internal sealed record PublishedSeries(
    IReadOnlyList<PublishedRow<RowValues>> Processes,
    IReadOnlyList<PublishedRow<RowValues>> Groups,
    IReadOnlyList<PublishedRow<ContainerValues>> Containers)
{
    public static PublishedSeries Empty { get; } = new([], [], []);
}
