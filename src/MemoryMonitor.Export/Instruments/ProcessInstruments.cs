using System.Diagnostics.Metrics;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Instruments;

/// <summary>
/// The per-process and per-container families as OpenTelemetry instruments, for OTLP push only: one observable
/// instrument per descriptor of <see cref="ProcessFamilyTable"/>, reading the rows the publisher last wrote for
/// /metrics, so OTLP carries what /metrics does. They sit on their own meter, which only the OTLP provider
/// listens to: that provider uses delta temporality, under which the SDK reclaims the points of series no longer
/// reported (OpenTelemetry .NET 1.10+), so exited processes free their storage.
/// </summary>
public sealed class ProcessInstruments
{
    public const string MeterName = "MemoryMonitor.Process";

    /// <summary>
    /// Rows a stream makes room for beyond the top N: flagged processes outside it, folded groups and containers,
    /// none of which N bounds. It is the SDK's default limit, which every per-process stream had before sizing.
    /// </summary>
    private const int RowAllowance = 2000;

    private readonly ProcessSeriesPublisher _publisher;

    public ProcessInstruments(Meter meter, ProcessSeriesPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(publisher);
        _publisher = publisher;
        Create(meter, ProcessFamilyTable.Process, static published => published.Processes);
        Create(meter, ProcessFamilyTable.Group, static published => published.Groups);
        Create(meter, ProcessFamilyTable.Container, static published => published.Containers);
    }

    /// <summary>
    /// The series an instrument of this meter may need at once, one per point of each row: a family with a series
    /// per kind (resident anon/file/shmem) needs three a process, so a single default limit overflowed OTLP from
    /// about 670 processes on, while /metrics showed them all.
    /// </summary>
    public static int CardinalityLimit(string instrumentName, int topProcesses) =>
        PointsOf(ProcessFamilyTable.Process, instrumentName) is { } perProcess ? perProcess * (topProcesses + RowAllowance)
        : (PointsOf(ProcessFamilyTable.Group, instrumentName) ?? PointsOf(ProcessFamilyTable.Container, instrumentName) ?? 1) * RowAllowance;

    private static int? PointsOf<TRow>(IReadOnlyList<FamilyDescriptor<TRow>> table, string instrumentName) =>
        table.FirstOrDefault(d => d.InstrumentName == instrumentName)?.Points.Count;

    private void Create<TRow>(Meter meter, IReadOnlyList<FamilyDescriptor<TRow>> table, Func<PublishedSeries, IReadOnlyList<PublishedRow<TRow>>> rowsOf)
    {
        for (var f = 0; f < table.Count; f++)
        {
            var family = f;
            var descriptor = table[f];

            // One list per instrument, refilled at each collection: the SDK enumerates it before the callback returns,
            // and collections of one provider never overlap. A fresh list per push was thousands of measurements
            // (a large-object allocation every push for each family at a few hundred processes), which only a full
            // collection frees: under churn the heap grew by tens of MB of such garbage and its fragmentation.
            var measurements = new List<Measurement<double>>();
            Func<IEnumerable<Measurement<double>>> observe = () => Observe(rowsOf(_publisher.Published), family, descriptor, measurements);
            if (descriptor.Kind == FamilyKind.Counter)
            {
                meter.CreateObservableCounter(descriptor.InstrumentName, observe, descriptor.Unit, descriptor.Help);
            }
            else
            {
                meter.CreateObservableGauge(descriptor.InstrumentName, observe, descriptor.Unit, descriptor.Help);
            }
        }
    }

    private static List<Measurement<double>> Observe<TRow>(IReadOnlyList<PublishedRow<TRow>> rows, int family, FamilyDescriptor<TRow> descriptor, List<Measurement<double>> result)
    {
        var points = descriptor.Points;
        result.Clear();
        foreach (var row in rows)
        {
            for (var p = 0; p < points.Count; p++)
            {
                // An unknown value is not reported; under delta temporality that ends the series.
                var value = points[p].Value(row.Values);
                if (row.Row.Tags(family, p) is { } tags && !double.IsNaN(value))
                {
                    result.Add(new Measurement<double>(value, tags));
                }
            }
        }

        return result;
    }
}
