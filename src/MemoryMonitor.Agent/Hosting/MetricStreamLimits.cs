using System.Diagnostics.Metrics;
using MemoryMonitor.Export;
using MemoryMonitor.Export.Instruments;
using OpenTelemetry.Metrics;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// How many series each stream of the OTLP provider may hold (/metrics does not go through the SDK). The SDK allocates a stream's metric points and its lookup table
/// for the whole cardinality limit up front: at the default 2,000 that is about 176 KB per stream, 7 MB for the ~40
/// node, judgement and agent streams, which have a few dozen series each (meminfo's fields are the most, about 60).
/// OOM kills grow (one series per killed namespace/pod/container/comm over the agent's life) and keep the default;
/// the per-process families, which only the OTLP provider reads, are sized from the top N and their points per row
/// (<see cref="ProcessInstruments.CardinalityLimit"/>). A stream past its limit reports the excess as one
/// `otel.metric.overflow` series, so a wrong limit shows rather than drops data silently.
/// </summary>
internal static class MetricStreamLimits
{
    /// <summary>Twice the largest fixed family (meminfo's fields) and room for the NUMA node x zone fragmentation series.</summary>
    internal const int FixedCardinality = 256;

    internal static MeterProviderBuilder AddMetricStreamLimits(this MeterProviderBuilder builder, int topProcesses) =>
        builder.AddView(instrument => Limit(instrument, topProcesses) is { } limit ? new MetricStreamConfiguration { CardinalityLimit = limit } : null);

    /// <summary>The limit for a stream, or null for the SDK's default.</summary>
    private static int? Limit(Instrument instrument, int topProcesses) =>
        instrument.Meter.Name == ProcessInstruments.MeterName ? ProcessInstruments.CardinalityLimit(instrument.Name, topProcesses)
        : instrument.Name == MetricNames.OomKills ? null
        : FixedCardinality;
}
