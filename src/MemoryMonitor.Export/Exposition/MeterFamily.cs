using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace MemoryMonitor.Export.Exposition;

/// <summary>
/// One instrument of the agent's meter as a Prometheus family. An observable instrument's lines are written as its
/// callback reports them during a scrape, so it holds nothing between scrapes; a counter keeps a sum and a histogram
/// its buckets per label set, since their measurements arrive as they happen.
/// </summary>
internal sealed class MeterFamily
{
    // The OpenTelemetry SDK's default boundaries, for a histogram created without advice.
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly string _name;
    private readonly byte[] _nameBytes;
    private readonly string _type;
    private readonly string _help;
    private readonly bool _observable;
    private readonly double[]? _bounds;
    private readonly ArrayBufferWriter<byte> _observed = new(256);
    private readonly ArrayBufferWriter<byte> _labels = new(128);
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Buckets> _histograms = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public MeterFamily(Instrument instrument)
    {
        _observable = instrument.IsObservable;
        var kind = instrument.GetType().GetGenericTypeDefinition();
        var counter = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>);
        _name = MetricNames.PrometheusName(instrument.Name, instrument.Unit, counter);
        _nameBytes = Encoding.UTF8.GetBytes(_name);
        _help = instrument.Description ?? string.Empty;
        if (instrument is Histogram<double> histogram)
        {
            _type = "histogram";
            _bounds = histogram.Advice?.HistogramBucketBoundaries is { } bounds ? [.. bounds] : DefaultBounds;
        }
        else if (kind == typeof(Histogram<>))
        {
            throw new NotSupportedException($"{instrument.Name}: only histograms of double are exported to /metrics");
        }
        else
        {
            // Gauges and up-down counters, as the OpenTelemetry exporter wrote them.
            _type = counter ? "counter" : "gauge";
        }
    }

    /// <summary>Forgets the observed lines of the last scrape, before the callbacks report again.</summary>
    public void BeginScrape() => _observed.ResetWrittenCount();

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_observable)
        {
            // Only during a scrape, which the caller serialises.
            TextFormat.Sample(_observed, _nameBytes, LabelsOf(_labels, tags), [], value);
            return;
        }

        lock (_gate)
        {
            var key = Encoding.UTF8.GetString(LabelsOf(_labels, tags));
            if (_bounds is null)
            {
                _sums[key] = _sums.GetValueOrDefault(key) + value;
            }
            else
            {
                if (!_histograms.TryGetValue(key, out var buckets))
                {
                    _histograms[key] = buckets = new Buckets(_bounds.Length + 1);
                }

                buckets.Add(_bounds, value);
            }
        }
    }

    /// <summary>Writes the family, or nothing when it has no series (an observation that reported none, a counter never added to).</summary>
    public void Write(IBufferWriter<byte> output)
    {
        if (_observable)
        {
            if (_observed.WrittenCount > 0)
            {
                TextFormat.Header(output, _name, _type, _help);
                output.Write(_observed.WrittenSpan);
            }

            return;
        }

        lock (_gate)
        {
            if (_sums.Count + _histograms.Count == 0)
            {
                return;
            }

            TextFormat.Header(output, _name, _type, _help);
            foreach (var (labels, sum) in _sums)
            {
                TextFormat.Sample(output, _nameBytes, Encoding.UTF8.GetBytes(labels), [], sum);
            }

            foreach (var (labels, buckets) in _histograms)
            {
                WriteHistogram(output, Encoding.UTF8.GetBytes(labels), buckets);
            }
        }
    }

    private void WriteHistogram(IBufferWriter<byte> output, byte[] labels, Buckets buckets)
    {
        var bucketName = Encoding.UTF8.GetBytes(_name + "_bucket");
        long cumulative = 0;
        for (var i = 0; i <= _bounds!.Length; i++)
        {
            cumulative += buckets.Counts[i];
            var le = i < _bounds.Length ? _bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            TextFormat.Sample(output, bucketName, labels, Encoding.UTF8.GetBytes($"le=\"{le}\""), cumulative);
        }

        TextFormat.Sample(output, Encoding.UTF8.GetBytes(_name + "_sum"), labels, [], buckets.Sum);
        TextFormat.Sample(output, Encoding.UTF8.GetBytes(_name + "_count"), labels, [], cumulative);
    }

    private static ReadOnlySpan<byte> LabelsOf(ArrayBufferWriter<byte> scratch, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        scratch.ResetWrittenCount();
        for (var i = 0; i < tags.Length; i++)
        {
            var value = tags[i].Value switch
            {
                string text => text,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other?.ToString() ?? string.Empty,
            };
            TextFormat.Label(scratch, tags[i].Key, value, first: i == 0);
        }

        return scratch.WrittenSpan;
    }

    /// <summary>A histogram's counts per bucket (the last above every bound) and the sum of what it recorded.</summary>
    private sealed class Buckets(int count)
    {
        public long[] Counts { get; } = new long[count];

        public double Sum { get; private set; }

        public void Add(double[] bounds, double value)
        {
            // A bucket holds the values at most its bound and above the one before it, as Prometheus' le means.
            var index = Array.BinarySearch(bounds, value);
            Counts[index >= 0 ? index : ~index]++;
            Sum += value;
        }
    }
}
