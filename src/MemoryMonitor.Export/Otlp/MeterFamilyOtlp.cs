using System.Buffers;
using MemoryMonitor.Export.Exposition;

namespace MemoryMonitor.Export.Otlp;

/// <summary>A meter family as an OTLP metric, named as the instrument is; counts since the agent started are cumulative sums.</summary>
internal static class MeterFamilyOtlp
{
    public static void Write(IBufferWriter<byte> output, OtlpMetricWriter writer, MeterFamily family, IReadOnlyCollection<MeterSeries> series, ulong startNanos, ulong nowNanos)
    {
        var kind = family.Kind switch
        {
            MeterFamilyKind.Counter => OtlpMetricKind.MonotonicSum,
            MeterFamilyKind.UpDownCounter => OtlpMetricKind.Sum,
            MeterFamilyKind.Histogram => OtlpMetricKind.Histogram,
            _ => OtlpMetricKind.Gauge,
        };
        foreach (var one in series)
        {
            if (kind == OtlpMetricKind.Histogram)
            {
                writer.HistogramPoint(OtlpAttributes.Render(OtlpAttributes.HistogramPointField, one.LabelNames, one.LabelValues), startNanos, nowNanos, one.Counts, one.Value, family.Bounds);
            }
            else
            {
                var attributes = OtlpAttributes.Render(OtlpAttributes.NumberPointField, one.LabelNames, one.LabelValues);
                writer.NumberPoint(attributes, [], kind == OtlpMetricKind.Gauge ? 0 : startNanos, nowNanos, one.Value);
            }
        }

        writer.EndMetric(output, family.InstrumentName, family.Help, family.Unit, kind);
    }
}
