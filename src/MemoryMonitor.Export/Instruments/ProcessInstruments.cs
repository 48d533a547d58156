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
        Gauge(meter, MetricNames.ProcessResident, static v => v.Resident, "Resident set size (VmRSS).");
        Gauge(meter, MetricNames.ProcessProportional, static v => v.Proportional, "Proportional set size (PSS).");
        Gauge(meter, MetricNames.ProcessUnique, static v => v.Unique, "Unique set size (USS).");
        Gauge(meter, MetricNames.ProcessSwap, static v => v.Swap, "Swapped-out memory (VmSwap).");
        Gauge(meter, MetricNames.ProcessVirtual, static v => v.Virtual, "Virtual address space (VmSize).");
        Judgement(meter, MetricNames.ProcessAnomalyScore, static v => v.AnomalyScore, null, "Anomaly score in [0,1].");
        Judgement(meter, MetricNames.ProcessLeakRisk, static v => v.LeakRisk, null, "Memory-leak risk in [0,1].");
        Judgement(meter, MetricNames.ProcessGrowth, static v => v.GrowthBytesPerSecond, null, "Robust growth of resident memory, bytes per second.");
        Judgement(meter, MetricNames.ProcessExhaustion, static v => v.ExhaustionSeconds, "s", "Seconds until the binding limit is reached at the current growth.");
        Judgement(meter, MetricNames.ProcessDnaDrift, static v => v.DnaDrift, null, "Distance of the memory DNA from its learnt baseline, in [0,1].");
        meter.CreateObservableCounter(MetricNames.InstrumentName(MetricNames.ProcessPageFaults), ObserveFaults, "{fault}", "Page faults by type.");
    }

    private void Gauge(Meter meter, string name, Func<RowValues, long> select, string description) =>
        meter.CreateObservableGauge(MetricNames.InstrumentName(name), () => Observe(select), "By", description);

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

    private void Judgement(Meter meter, string name, Func<RowValues, double> select, string? unit, string description) =>
        meter.CreateObservableGauge(MetricNames.InstrumentName(name), () => ObserveJudgement(select), unit, description);

    private List<Measurement<double>> ObserveJudgement(Func<RowValues, double> select)
    {
        var rows = _publisher.Rows;
        var result = new List<Measurement<double>>();
        foreach (var row in rows)
        {
            var value = select(row.Values);
            if (!double.IsNaN(value))
            {
                result.Add(new Measurement<double>(value, row.Tags));
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
