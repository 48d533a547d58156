using System.Diagnostics.Metrics;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Instruments;

/// <summary>
/// The per-process families as OpenTelemetry instruments, for OTLP push only. They sit on their own meter,
/// which only the OTLP provider listens to: that provider uses delta temporality, under which the SDK
/// reclaims the points of series no longer reported (OpenTelemetry .NET 1.10+), so exited processes free
/// their storage. Prometheus gets the same rows from prometheus-net instead.
/// </summary>
public sealed class ProcessInstruments
{
    public const string MeterName = "MemoryMonitor.Process";

    private readonly ProcessSeriesPublisher _publisher;

    public ProcessInstruments(Meter meter, ProcessSeriesPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _publisher = publisher;
        Gauge(meter, "memmon_process_resident", static v => v.Resident, "Resident set size (VmRSS).");
        Gauge(meter, "memmon_process_proportional", static v => v.Proportional, "Proportional set size (PSS).");
        Gauge(meter, "memmon_process_unique", static v => v.Unique, "Unique set size (USS).");
        Gauge(meter, "memmon_process_swap", static v => v.Swap, "Swapped-out memory (VmSwap).");
        Gauge(meter, "memmon_process_virtual", static v => v.Virtual, "Virtual address space (VmSize).");
        meter.CreateObservableCounter("memmon_process_page_faults", ObserveFaults, "{fault}", "Page faults by type.");
    }

    private void Gauge(Meter meter, string name, Func<RowValues, long> select, string description) =>
        meter.CreateObservableGauge(name, () => Observe(select), "By", description);

    private List<Measurement<long>> Observe(Func<RowValues, long> select)
    {
        var rows = _publisher.Rows;
        var result = new List<Measurement<long>>(rows.Count);
        foreach (var row in rows)
        {
            var value = select(row.Values);
            if (value >= 0)
            {
                result.Add(new Measurement<long>(value, row.Tags));
            }
        }

        return result;
    }

    private List<Measurement<double>> ObserveFaults()
    {
        var rows = _publisher.Rows;
        var result = new List<Measurement<double>>(rows.Count * 2);
        foreach (var row in rows)
        {
            result.Add(new Measurement<double>(row.Values.MinorFaults, [.. row.Tags, new("type", "minor")]));
            result.Add(new Measurement<double>(row.Values.MajorFaults, [.. row.Tags, new("type", "major")]));
        }

        return result;
    }
}
