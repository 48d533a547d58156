using System.Buffers;
using System.Diagnostics.Metrics;

namespace MemoryMonitor.Export.Exposition;

/// <summary>
/// The instruments of one meter (the agent's fixed-cardinality families: system, analysis, OOM kills, the agent
/// itself) as Prometheus text, read with a <see cref="MeterListener"/>. /metrics used to run these through the
/// OpenTelemetry SDK and its Prometheus exporter, which keep a point store per instrument sized for its cardinality
/// limit; a listener that writes what the callbacks report holds only a counter's sums and a histogram's buckets
/// (docs/performance.md, "Footprint work, step 5"). The instrument is matched by meter object, not name, so two
/// agents in one process (the tests) each see their own.
/// </summary>
public sealed class MeterFamilies : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<MeterFamily> _families = [];
    private readonly Lock _gate = new();

    public MeterFamilies(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter != meter)
            {
                return;
            }

            var family = new MeterFamily(instrument);
            lock (_gate)
            {
                _families.Add(family);
            }

            listener.EnableMeasurementEvents(instrument, family);
        };
        _listener.MeasurementsCompleted = (_, state) =>
        {
            lock (_gate)
            {
                _families.Remove((MeterFamily)state!);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MeterFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MeterFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MeterFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MeterFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Runs the observable instruments' callbacks and writes every family, in the order they were created.</summary>
    public void Write(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // One scrape at a time: the observed lines of a scrape live in the families until written.
        lock (_gate)
        {
            foreach (var family in _families)
            {
                family.BeginScrape();
            }

            _listener.RecordObservableInstruments();
            foreach (var family in _families)
            {
                family.Write(output);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
