using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.Otlp;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// One row of a family table (a process, a folded group, a group's member count or a container): the value /metrics
/// shows for each series the row can have, and its label pairs rendered once as text, so writing the row each sweep
/// allocates nothing and a scrape only copies; its OTLP attributes are rendered likewise, on the first push. About
/// 0.5 KB a process, where prometheus-net's children took about 20 KB (docs/performance.md, "Footprint work, step 5").
/// </summary>
internal sealed class SeriesRow<TRow>
{
    private readonly IReadOnlyList<FamilyDescriptor<TRow>> _table;
    private readonly string[] _rowLabels;
    private readonly string[]? _identity;

    // [FirstPoint + point] of the table; NaN where the row has no such series (yet, any more, or ever: info on a group).
    private readonly double[] _values;
    private byte[]? _attributes;
    private byte[]? _identityAttributes;

    /// <param name="table">The table this row writes.</param>
    /// <param name="rowLabels">Values of the table's row labels, e.g. pid, comm, container_id, pod_uid.</param>
    /// <param name="identity">Values for points that take the row's identity (executable, user); null if the row has none.</param>
    public SeriesRow(IReadOnlyList<FamilyDescriptor<TRow>> table, string[] rowLabels, string[]? identity = null)
    {
        _table = table;
        _rowLabels = rowLabels;
        _identity = identity;
        _values = new double[table[^1].FirstPoint + table[^1].Points.Count];
        Array.Fill(_values, double.NaN);
        foreach (var family in table)
        {
            foreach (var point in family.Points)
            {
                if ((point.ExtraLabelValues ?? identity) is { } extra && rowLabels.Length + extra.Length != family.LabelNames.Length)
                {
                    throw new InvalidOperationException($"{family.Name}: {family.LabelNames.Length} labels declared, {rowLabels.Length + extra.Length} values given");
                }

                if (point.ExtraLabelValues is null && identity is not null)
                {
                    IdentityText ??= TextFormat.Labels(family.LabelNames.AsSpan(rowLabels.Length), identity);
                }
            }
        }

        LabelText = TextFormat.Labels(table[0].LabelNames.AsSpan(0, rowLabels.Length), rowLabels);
    }

    public IReadOnlyList<string> RowLabels => _rowLabels;

    /// <summary>The row's label pairs as /metrics text.</summary>
    public byte[] LabelText { get; }

    /// <summary>The identity's label pairs as /metrics text; null if the row has no identity.</summary>
    public byte[]? IdentityText { get; }

    /// <summary>The value /metrics shows for a point of a family of the table; NaN when the row has no such series.</summary>
    public double Value(FamilyDescriptor<TRow> family, int point) => _values[family.FirstPoint + point];

    /// <summary>The point's label pairs after the row's own: its extra values, else the row's identity.</summary>
    public ReadOnlySpan<byte> ExtraLabelText(FamilyDescriptor<TRow> family, int point) =>
        family.Points[point].ExtraLabelValues is null ? IdentityText : family.ExtraLabelText[point];

    /// <summary>The row's attributes as OTLP, rendered when the first push needs them.</summary>
    public byte[] Attributes => _attributes ??= OtlpAttributes.Render(OtlpAttributes.NumberPointField, _table[0].LabelNames.AsSpan(0, _rowLabels.Length), _rowLabels);

    /// <summary>The point's OTLP attributes after the row's own, as <see cref="ExtraLabelText"/> is for /metrics.</summary>
    public ReadOnlySpan<byte> ExtraAttributes(FamilyDescriptor<TRow> family, int point) =>
        family.Points[point].ExtraLabelValues is not null ? family.ExtraAttributes[point]
        : _identity is null ? []
        : _identityAttributes ??= OtlpAttributes.Render(OtlpAttributes.NumberPointField, family.LabelNames.AsSpan(_rowLabels.Length), _identity);

    /// <summary>
    /// Known values replace the last (a counter only rises, as prometheus-net's IncTo did); an unknown one leaves the
    /// last value, or removes the series for a family that <see cref="FamilyDescriptor{TRow}.RemovesUnknown"/>.
    /// </summary>
    public void Write(in TRow values)
    {
        // By index: a foreach over the interface would allocate an enumerator for every row every sweep.
        for (var f = 0; f < _table.Count; f++)
        {
            var family = _table[f];
            var points = family.Points;
            for (var p = 0; p < points.Count; p++)
            {
                if (points[p].ExtraLabelValues is null && _identity is null)
                {
                    continue;
                }

                var value = points[p].Value(values);
                ref var shown = ref _values[family.FirstPoint + p];
                if (!double.IsNaN(value))
                {
                    shown = family.Kind == FamilyKind.Counter && !double.IsNaN(shown) ? Math.Max(shown, value) : value;
                }
                else if (family.RemovesUnknown)
                {
                    shown = double.NaN;
                }
            }
        }
    }
}
