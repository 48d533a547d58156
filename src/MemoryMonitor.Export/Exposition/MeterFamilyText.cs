using System.Buffers;
using System.Globalization;
using System.Text;

namespace MemoryMonitor.Export.Exposition;

/// <summary>A meter family as /metrics text, in the names, types and histogram layout the OpenTelemetry exporter used.</summary>
internal static class MeterFamilyText
{
    /// <summary>Writes the family, or nothing when it has no series (an observation that reported none, a counter never added to).</summary>
    public static void Write(IBufferWriter<byte> output, MeterFamily family, IReadOnlyCollection<MeterSeries> series)
    {
        if (series.Count == 0)
        {
            return;
        }

        // Gauges and up-down counters are gauges to Prometheus, as the OpenTelemetry exporter wrote them.
        TextFormat.Header(output, family.PrometheusName, family.Kind switch
        {
            MeterFamilyKind.Counter => "counter",
            MeterFamilyKind.Histogram => "histogram",
            _ => "gauge",
        }, family.Help);
        var name = Encoding.UTF8.GetBytes(family.PrometheusName);
        foreach (var one in series)
        {
            var labels = TextFormat.Labels(one.LabelNames, one.LabelValues);
            if (family.Kind == MeterFamilyKind.Histogram)
            {
                WriteHistogram(output, family, labels, one);
            }
            else
            {
                TextFormat.Sample(output, name, labels, [], one.Value);
            }
        }
    }

    private static void WriteHistogram(IBufferWriter<byte> output, MeterFamily family, byte[] labels, MeterSeries series)
    {
        var bucketName = Encoding.UTF8.GetBytes(family.PrometheusName + "_bucket");
        long cumulative = 0;
        for (var i = 0; i <= family.Bounds.Length; i++)
        {
            cumulative += series.Counts[i];
            var le = i < family.Bounds.Length ? family.Bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            TextFormat.Sample(output, bucketName, labels, Encoding.UTF8.GetBytes($"le=\"{le}\""), cumulative);
        }

        TextFormat.Sample(output, Encoding.UTF8.GetBytes(family.PrometheusName + "_sum"), labels, [], series.Value);
        TextFormat.Sample(output, Encoding.UTF8.GetBytes(family.PrometheusName + "_count"), labels, [], cumulative);
    }
}
