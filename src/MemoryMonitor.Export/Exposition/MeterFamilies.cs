using System.Buffers;
using System.Diagnostics.Metrics;
using MemoryMonitor.Export.Otlp;

namespace MemoryMonitor.Export.Exposition;

/// <summary>
/// The instruments of one meter (the agent's fixed-cardinality families: system, analysis, OOM kills, the agent
/// itself), read with a <see cref="MeterListener"/> and written as /metrics text or OTLP. Both used to go through the
/// OpenTelemetry SDK, which keeps a point store per instrument sized for its cardinality limit; a listener that
/// keeps only a counter's sums and a histogram's buckets holds almost nothing (docs/performance.md, "Footprint work,
/// step 5"). The instrument is matched by meter object, not name, so two agents in one process (the tests) each see
/// their own.
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

    /// <summary>Runs the observable instruments' callbacks and writes every family as /metrics text, in the order they were created.</summary>
    public void Write(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Collect((family, series) => MeterFamilyText.Write(output, family, series));
    }

    /// <summary>The same collection as OTLP metrics; the counters and histograms count from <paramref name="startNanos"/>.</summary>
    internal void WriteOtlp(IBufferWriter<byte> output, OtlpMetricWriter writer, ulong startNanos, ulong nowNanos) =>
        Collect((family, series) => MeterFamilyOtlp.Write(output, writer, family, series, startNanos, nowNanos));

    public void Dispose() => _listener.Dispose();

    private void Collect(Action<MeterFamily, IReadOnlyCollection<MeterSeries>> write)
    {
        // One collection at a time: the observed series of a collection live in the families until written.
        lock (_gate)
        {
            foreach (var family in _families)
            {
                family.BeginCollection();
            }

            _listener.RecordObservableInstruments();
            foreach (var family in _families)
            {
                family.Write(write);
            }
        }
    }
}
