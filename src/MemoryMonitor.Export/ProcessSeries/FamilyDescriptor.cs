namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Everything about one per-process or per-container family that its users need: the Prometheus name, help and
/// labels prometheus-net registers, the OTLP instrument name and unit (derived from the name, so the two exports
/// cannot disagree), and how each row's values become its points.
/// </summary>
internal sealed class FamilyDescriptor<TRow>
{
    public FamilyDescriptor(string name, string help, FamilyKind kind, string[] labelNames, params FamilyPoint<TRow>[] points)
    {
        Name = name;
        Help = help;
        Kind = kind;
        LabelNames = labelNames;
        Points = points;
        InstrumentName = MetricNames.InstrumentName(name);
        Unit = MetricNames.InstrumentUnit(name);
    }

    /// <summary>The Prometheus name, from <see cref="MetricNames"/>.</summary>
    public string Name { get; }

    public string Help { get; }

    public FamilyKind Kind { get; }

    /// <summary>The row's labels, then the labels of the points' extra values.</summary>
    public string[] LabelNames { get; }

    public IReadOnlyList<FamilyPoint<TRow>> Points { get; }

    /// <summary>
    /// Whether a value the row no longer knows removes its series (a judgement that can no longer be made, a
    /// limit lifted) rather than leaving the last value (a byte count not read this sweep).
    /// </summary>
    public bool RemovesUnknown { get; init; }

    public string InstrumentName { get; }

    public string? Unit { get; }
}
