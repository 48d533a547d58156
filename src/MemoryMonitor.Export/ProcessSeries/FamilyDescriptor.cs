using System.Text;
using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.Otlp;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Everything about one per-process or per-container family that its users need: the Prometheus name, help and
/// labels /metrics writes, the OTLP instrument name and unit (derived from the name, so the two exports cannot
/// disagree), and how each row's values become its points.
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
        NameText = Encoding.UTF8.GetBytes(name);
        ExtraLabelText = [.. points.Select(point => point.ExtraLabelValues is { } extra ? TextFormat.Labels(labelNames.AsSpan(labelNames.Length - extra.Length), extra) : [])];
        ExtraAttributes = [.. points.Select(point => point.ExtraLabelValues is { } extra ? OtlpAttributes.Render(OtlpAttributes.NumberPointField, labelNames.AsSpan(labelNames.Length - extra.Length), extra) : [])];
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

    /// <summary>The name as UTF-8, for the sample lines of /metrics.</summary>
    public byte[] NameText { get; }

    /// <summary>Each point's extra label pairs as /metrics text (<c>kind="anon"</c>); empty for points without.</summary>
    public IReadOnlyList<byte[]> ExtraLabelText { get; }

    /// <summary>The same as OTLP attributes.</summary>
    public IReadOnlyList<byte[]> ExtraAttributes { get; }

    /// <summary>Where this family's points start among the values of a row of its table; set once, by <see cref="Table"/>.</summary>
    public int FirstPoint { get; private set; }

    public string TypeName => Kind == FamilyKind.Counter ? "counter" : "gauge";

    /// <summary>A table of families in /metrics order, each given its place in a row's values.</summary>
    public static IReadOnlyList<FamilyDescriptor<TRow>> Table(params FamilyDescriptor<TRow>[] families)
    {
        var next = 0;
        foreach (var family in families)
        {
            family.FirstPoint = next;
            next += family.Points.Count;
        }

        return families;
    }
}
