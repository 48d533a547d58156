using System.Buffers;

namespace MemoryMonitor.Export.Otlp;

/// <summary>What a <c>Metric</c> carries, and so how its points are wrapped.</summary>
internal enum OtlpMetricKind
{
    Gauge,
    MonotonicSum,
    Sum,
    Histogram,
}

/// <summary>
/// Encodes one OTLP <c>Metric</c> at a time: its points are gathered first, because the message's length comes
/// before them, then the metric is written around them. Sums and histograms are cumulative: the agent keeps no
/// state per series for OTLP, it sends what /metrics shows.
/// </summary>
internal sealed class OtlpMetricWriter
{
    /// <summary><c>ScopeMetrics.metrics</c>.</summary>
    private const int MetricField = 2;
    private const int CumulativeTemporality = 2;

    private readonly ArrayBufferWriter<byte> _points = new(4096);

    public void NumberPoint(ReadOnlySpan<byte> attributes, ReadOnlySpan<byte> moreAttributes, ulong startTimeNanos, ulong timeNanos, double value)
    {
        // NumberDataPoint { attributes = 7; start_time_unix_nano = 2; time_unix_nano = 3; as_double = 4 }.
        var size = attributes.Length + moreAttributes.Length + (startTimeNanos == 0 ? 0 : ProtoWriter.Fixed64FieldSize) + (2 * ProtoWriter.Fixed64FieldSize);
        ProtoWriter.LengthPrefix(_points, 1, size);
        _points.Write(attributes);
        _points.Write(moreAttributes);
        if (startTimeNanos != 0)
        {
            ProtoWriter.Fixed64(_points, 2, startTimeNanos);
        }

        ProtoWriter.Fixed64(_points, 3, timeNanos);
        ProtoWriter.Double(_points, 4, value);
    }

    /// <param name="counts">The count in each bucket (not cumulative), the last above every bound.</param>
    public void HistogramPoint(ReadOnlySpan<byte> attributes, ulong startTimeNanos, ulong timeNanos, ReadOnlySpan<long> counts, double sum, ReadOnlySpan<double> bounds)
    {
        // HistogramDataPoint { attributes = 9; start = 2; time = 3; count = 4; sum = 5; bucket_counts = 6 and
        // explicit_bounds = 7, both packed }.
        var size = attributes.Length + (4 * ProtoWriter.Fixed64FieldSize) + ProtoWriter.FieldSize(8 * counts.Length) + ProtoWriter.FieldSize(8 * bounds.Length);
        long count = 0;
        foreach (var c in counts)
        {
            count += c;
        }

        ProtoWriter.LengthPrefix(_points, 1, size);
        _points.Write(attributes);
        ProtoWriter.Fixed64(_points, 2, startTimeNanos);
        ProtoWriter.Fixed64(_points, 3, timeNanos);
        ProtoWriter.Fixed64(_points, 4, (ulong)count);
        ProtoWriter.Double(_points, 5, sum);
        ProtoWriter.LengthPrefix(_points, 6, 8 * counts.Length);
        foreach (var c in counts)
        {
            ProtoWriter.Raw64(_points, (ulong)c);
        }

        ProtoWriter.LengthPrefix(_points, 7, 8 * bounds.Length);
        foreach (var bound in bounds)
        {
            ProtoWriter.Raw64(_points, BitConverter.DoubleToUInt64Bits(bound));
        }
    }

    /// <summary>Writes the metric around the points gathered since the last one, or nothing if there were none.</summary>
    public void EndMetric(IBufferWriter<byte> output, string name, string description, string? unit, OtlpMetricKind kind)
    {
        if (_points.WrittenCount == 0)
        {
            return;
        }

        // Gauge { data_points = 1 }; Sum and Histogram add aggregation_temporality = 2; Sum adds is_monotonic = 3.
        var temporalitySize = kind == OtlpMetricKind.Gauge ? 0 : 2;
        var monotonicSize = kind == OtlpMetricKind.MonotonicSum ? 2 : 0;
        var data = _points.WrittenCount + temporalitySize + monotonicSize;
        var metric = ProtoWriter.StringFieldSize(name)
            + (description.Length > 0 ? ProtoWriter.StringFieldSize(description) : 0)
            + (string.IsNullOrEmpty(unit) ? 0 : ProtoWriter.StringFieldSize(unit))
            + ProtoWriter.FieldSize(data);

        // Metric { name = 1; description = 2; unit = 3; gauge = 5 | sum = 7 | histogram = 9 }.
        ProtoWriter.LengthPrefix(output, MetricField, metric);
        ProtoWriter.String(output, 1, name);
        if (description.Length > 0)
        {
            ProtoWriter.String(output, 2, description);
        }

        if (!string.IsNullOrEmpty(unit))
        {
            ProtoWriter.String(output, 3, unit);
        }

        ProtoWriter.LengthPrefix(output, kind switch { OtlpMetricKind.Gauge => 5, OtlpMetricKind.Histogram => 9, _ => 7 }, data);
        output.Write(_points.WrittenSpan);
        if (temporalitySize > 0)
        {
            ProtoWriter.VarintField(output, 2, CumulativeTemporality);
        }

        if (monotonicSize > 0)
        {
            ProtoWriter.VarintField(output, 3, 1);
        }

        _points.ResetWrittenCount();
    }
}
