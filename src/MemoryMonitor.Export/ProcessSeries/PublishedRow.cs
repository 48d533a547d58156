namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>One row as last published, for exporters that pull (the OTLP process instruments).</summary>
internal sealed record PublishedRow(KeyValuePair<string, object?>[] Tags, RowValues Values);
