namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>One row as last published, for exporters that pull (the OTLP process instruments).</summary>
internal readonly record struct PublishedRow<TRow>(SeriesRow<TRow> Row, TRow Values);
