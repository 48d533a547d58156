namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// One row of a family table (a process, a folded group, a group's member count or a container) with the label
/// values of every series it can have built once, as prometheus-net label arrays and as OpenTelemetry tags, so
/// writing the row each sweep allocates nothing.
/// </summary>
internal sealed class SeriesRow<TRow>
{
    private readonly IReadOnlyList<RegisteredFamily<TRow>> _families;

    // [family][point] of the table; null where the row has no such series (info on a group row).
    private readonly string[]?[][] _labels;
    private readonly KeyValuePair<string, object?>[]?[][] _tags;

    /// <param name="families">The registered table this row writes into.</param>
    /// <param name="rowLabels">Values of the table's row labels, e.g. pid, comm, container_id, pod_uid.</param>
    /// <param name="identity">Values for points that take the row's identity (executable, user); null if the row has none.</param>
    public SeriesRow(IReadOnlyList<RegisteredFamily<TRow>> families, string[] rowLabels, string[]? identity = null)
    {
        _families = families;
        RowLabels = rowLabels;
        _labels = new string[]?[families.Count][];
        _tags = new KeyValuePair<string, object?>[]?[families.Count][];
        KeyValuePair<string, object?>[]? rowTags = null;
        for (var f = 0; f < families.Count; f++)
        {
            var descriptor = families[f].Descriptor;
            var labels = _labels[f] = new string[]?[descriptor.Points.Count];
            var tags = _tags[f] = new KeyValuePair<string, object?>[]?[descriptor.Points.Count];
            for (var p = 0; p < labels.Length; p++)
            {
                if ((descriptor.Points[p].ExtraLabelValues ?? identity) is not { } extra)
                {
                    continue;
                }

                if (rowLabels.Length + extra.Length != descriptor.LabelNames.Length)
                {
                    throw new InvalidOperationException($"{descriptor.Name}: {descriptor.LabelNames.Length} labels declared, {rowLabels.Length + extra.Length} values given");
                }

                // Series without extra labels share the row's own arrays, as one process's families all do.
                labels[p] = extra.Length == 0 ? rowLabels : [.. rowLabels, .. extra];
                tags[p] = extra.Length == 0 ? rowTags ??= Tags(descriptor.LabelNames, rowLabels) : Tags(descriptor.LabelNames, labels[p]!);
            }
        }
    }

    public IReadOnlyList<string> RowLabels { get; }

    /// <summary>The OpenTelemetry tags of one point of one family of the table; null when the row has no such series.</summary>
    public KeyValuePair<string, object?>[]? Tags(int family, int point) => _tags[family][point];

    public void Write(in TRow values)
    {
        for (var f = 0; f < _families.Count; f++)
        {
            var family = _families[f];
            var points = family.Descriptor.Points;
            for (var p = 0; p < points.Count; p++)
            {
                if (_labels[f][p] is not { } labels)
                {
                    continue;
                }

                var value = points[p].Value(values);
                if (!double.IsNaN(value))
                {
                    family.Set(labels, value);
                }
                else if (family.Descriptor.RemovesUnknown)
                {
                    family.Remove(labels);
                }
            }
        }
    }

    public void Remove()
    {
        for (var f = 0; f < _families.Count; f++)
        {
            foreach (var labels in _labels[f])
            {
                if (labels is not null)
                {
                    _families[f].Remove(labels);
                }
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string[] names, string[] values)
    {
        var tags = new KeyValuePair<string, object?>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            tags[i] = new(names[i], values[i]);
        }

        return tags;
    }
}
