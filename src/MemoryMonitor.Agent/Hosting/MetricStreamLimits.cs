using System.Diagnostics.Metrics;
using MemoryMonitor.Export;
using MemoryMonitor.Export.Instruments;
using OpenTelemetry.Metrics;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// How many series each OpenTelemetry stream may hold. The SDK allocates a stream's metric points and its lookup table
/// for the whole cardinality limit up front: at the default 2,000 that is about 176 KB per stream, 7 MB for the ~40
/// node, judgement and agent streams, which have a few dozen series each (meminfo's fields are the most, about 60).
/// Only two kinds of stream can grow: OOM kills (one series per killed namespace/pod/container/comm over the agent's
/// life) and the per-process families that only the OTLP provider reads; they keep the default. A stream past its
/// limit reports the excess as one `otel.metric.overflow` series, so a wrong limit shows rather than drops data.
/// </summary>
internal static class MetricStreamLimits
{
    /// <summary>Twice the largest fixed family (meminfo's fields) and room for the NUMA node x zone fragmentation series.</summary>
    internal const int FixedCardinality = 256;

    internal static MeterProviderBuilder AddMetricStreamLimits(this MeterProviderBuilder builder) =>
        builder.AddView(instrument => Grows(instrument) ? null : new MetricStreamConfiguration { CardinalityLimit = FixedCardinality });

    private static bool Grows(Instrument instrument) =>
        instrument.Meter.Name == ProcessInstruments.MeterName || instrument.Name == MetricNames.OomKills;
}
