using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

/// <summary>The one declaration of the per-process and per-container families is complete and self-consistent.</summary>
public sealed class ProcessFamilyTableTests
{
    private static readonly List<Declared> Families =
    [
        .. Describe(ProcessFamilyTable.Process, ProcessFamilyTable.ProcessLabels),
        .. Describe(ProcessFamilyTable.Group, ProcessFamilyTable.GroupLabels),
        .. Describe(ProcessFamilyTable.Container, ProcessFamilyTable.ContainerLabels),
    ];

    [Fact]
    public void Every_per_process_and_container_name_in_MetricNames_is_declared_exactly_once()
    {
        Assert.Equal(Exposition.PerProcessNames(), Families.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A collector translating OTLP to Prometheus appends the unit suffix (By: _bytes, s: _seconds) and _total on
    /// counters; that must give back the name /metrics uses, or the same family has two names.
    /// </summary>
    [Fact]
    public void Otlp_name_unit_and_type_translate_back_to_the_prometheus_name()
    {
        foreach (var family in Families)
        {
            var suffix = family.Unit switch
            {
                "By" => "_bytes",
                "s" => "_seconds",
                null => string.Empty,
                _ => throw new InvalidOperationException($"{family.Name}: unexpected unit {family.Unit}"),
            };

            Assert.Equal(family.Name, family.InstrumentName + suffix + (family.Kind == FamilyKind.Counter ? "_total" : string.Empty));
        }
    }

    [Fact]
    public void Every_point_gives_a_value_to_each_label_after_the_row_labels()
    {
        foreach (var family in Families)
        {
            Assert.Equal(family.RowLabels, family.LabelNames.Take(family.RowLabels.Length));
            Assert.Equal(family.LabelNames.Length, family.LabelNames.Distinct().Count());
            Assert.All(family.ExtraValueCounts, count => Assert.Equal(family.LabelNames.Length - family.RowLabels.Length, count));
        }
    }

    /// <summary>Extra values a point takes from the row's identity: executable and user.</summary>
    private const int IdentityValues = 2;

    private static IEnumerable<Declared> Describe<TRow>(IReadOnlyList<FamilyDescriptor<TRow>> table, string[] rowLabels) =>
        table.Select(d => new Declared(d.Name, d.InstrumentName, d.Unit, d.Kind, rowLabels, d.LabelNames, [.. d.Points.Select(p => p.ExtraLabelValues?.Length ?? IdentityValues)]));

    private sealed record Declared(string Name, string InstrumentName, string? Unit, FamilyKind Kind, string[] RowLabels, string[] LabelNames, int[] ExtraValueCounts);
}
