using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace MemoryMonitor.Export.Exposition;

/// <summary>How an instrument's series read: what both exports need to know to write them.</summary>
internal enum MeterFamilyKind
{
    Gauge,
    Counter,
    UpDownCounter,
    Histogram,
}

/// <summary>One series of a meter family: its labels and value, or a histogram's buckets.</summary>
internal sealed class MeterSeries(string[] labelNames, string[] labelValues, int buckets)
{
    public string[] LabelNames { get; } = labelNames;

    public string[] LabelValues { get; } = labelValues;

    /// <summary>The observed value, or a counter's sum, or the sum of what a histogram recorded.</summary>
    public double Value { get; set; }

    /// <summary>A histogram's count in each bucket (not cumulative), the last above every bound; empty otherwise.</summary>
    public long[] Counts { get; } = new long[buckets];
}

/// <summary>
/// One instrument of the agent's meter, for /metrics and OTLP alike. An observable instrument's series are what its
/// callback reported in the current collection, so it holds nothing between them; a counter keeps a sum and a
/// histogram its buckets per label set, since their measurements arrive as they happen.
/// </summary>
internal sealed class MeterFamily
{
    // The OpenTelemetry SDK's default boundaries, for a histogram created without advice.
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly bool _observable;
    private readonly List<MeterSeries> _observed = [];
    private readonly Dictionary<string, MeterSeries> _running = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();
    private readonly Lock _gate = new();

    public MeterFamily(Instrument instrument)
    {
        _observable = instrument.IsObservable;
        var kind = instrument.GetType().GetGenericTypeDefinition();
        Kind = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>) ? MeterFamilyKind.Counter
            : kind == typeof(UpDownCounter<>) || kind == typeof(ObservableUpDownCounter<>) ? MeterFamilyKind.UpDownCounter
            : kind == typeof(Histogram<>) ? MeterFamilyKind.Histogram
            : MeterFamilyKind.Gauge;
        InstrumentName = instrument.Name;
        Unit = instrument.Unit;
        Help = instrument.Description ?? string.Empty;
        PrometheusName = MetricNames.PrometheusName(instrument.Name, instrument.Unit, Kind == MeterFamilyKind.Counter);
        if (instrument is Histogram<double> histogram)
        {
            Bounds = histogram.Advice?.HistogramBucketBoundaries is { } bounds ? [.. bounds] : DefaultBounds;
        }
        else if (Kind == MeterFamilyKind.Histogram)
        {
            throw new NotSupportedException($"{instrument.Name}: only histograms of double are exported");
        }
    }

    public MeterFamilyKind Kind { get; }

    public string InstrumentName { get; }

    public string PrometheusName { get; }

    public string? Unit { get; }

    public string Help { get; }

    /// <summary>A histogram's upper bounds; empty for other kinds.</summary>
    public double[] Bounds { get; } = [];

    /// <summary>Forgets the observed series of the last collection, before the callbacks report again.</summary>
    public void BeginCollection() => _observed.Clear();

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_observable)
        {
            // Only during a collection, which the caller serialises.
            _observed.Add(NewSeries(tags, value));
            return;
        }

        lock (_gate)
        {
            var key = KeyOf(tags);
            if (!_running.TryGetValue(key, out var series))
            {
                _running[key] = series = NewSeries(tags, 0);
            }

            if (Kind == MeterFamilyKind.Histogram)
            {
                // A bucket holds the values at most its bound and above the one before it, as Prometheus' le means.
                var index = Array.BinarySearch(Bounds, value);
                series.Counts[index >= 0 ? index : ~index]++;
            }

            series.Value += value;
        }
    }

    /// <summary>Hands the family's series to a writer, under the lock that keeps counters from changing meanwhile.</summary>
    public void Write(Action<MeterFamily, IReadOnlyCollection<MeterSeries>> write)
    {
        if (_observable)
        {
            write(this, _observed);
            return;
        }

        lock (_gate)
        {
            write(this, _running.Values);
        }
    }

    private MeterSeries NewSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
            values[i] = Text(tags[i].Value);
        }

        return new MeterSeries(names, values, Kind == MeterFamilyKind.Histogram ? Bounds.Length + 1 : 0) { Value = value };
    }

    private string KeyOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _key.Clear();
        foreach (var tag in tags)
        {
            _key.Append(tag.Key).Append('\u0001').Append(Text(tag.Value)).Append('\u0002');
        }

        return _key.ToString();
    }

    private static string Text(object? value) => value switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other?.ToString() ?? string.Empty,
    };
}
