using System.Buffers;
using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Otlp;

/// <summary>
/// Encodes what /metrics shows as one OTLP <c>ExportMetricsServiceRequest</c>: the meter's families, then the
/// per-process and per-container families of the last publish, under one resource and one scope. The agent writes
/// it itself rather than through the OpenTelemetry SDK, whose exporter held a point per series and allocated each
/// push anew: about 50 MB at a top N of 1,000 (docs/performance.md, "Footprint work, step 6"). The buffers are kept
/// between pushes, so a push allocates little once the largest has been seen.
/// </summary>
public sealed class OtlpMetricsRequest(MeterFamilies meterFamilies, ProcessSeriesPublisher publisher, OtlpResource resource, TimeProvider time)
{
    /// <summary>The scope every metric is reported under: the agent, at its version.</summary>
    public const string ScopeName = "memmon";

    private readonly ulong _startNanos = Nanos(time.GetUtcNow());
    private readonly OtlpMetricWriter _writer = new();
    private readonly ArrayBufferWriter<byte> _metrics = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _head = new(256);

    /// <summary>
    /// Encodes a request of everything now, as two parts sent one after the other: the resource and scope, then the
    /// metrics. Both are valid until the next call, which the caller must not make meanwhile.
    /// </summary>
    public (ReadOnlyMemory<byte> Head, ReadOnlyMemory<byte> Metrics) Encode()
    {
        var now = Nanos(time.GetUtcNow());
        _metrics.ResetWrittenCount();
        meterFamilies.WriteOtlp(_metrics, _writer, _startNanos, now);
        var published = publisher.Published;
        foreach (var family in ProcessFamilyTable.Process)
        {
            ProcessFamilyOtlp.Write(_metrics, _writer, family, published.Processes, now);
        }

        foreach (var family in ProcessFamilyTable.Group)
        {
            ProcessFamilyOtlp.Write(_metrics, _writer, family, published.Groups, now);
        }

        foreach (var family in ProcessFamilyTable.Container)
        {
            ProcessFamilyOtlp.Write(_metrics, _writer, family, published.Containers, now);
        }

        // ExportMetricsServiceRequest { resource_metrics = 1 }; ResourceMetrics { resource = 1; scope_metrics = 2 };
        // ScopeMetrics { scope = 1; metrics = 2 }; InstrumentationScope { name = 1; version = 2 }.
        var scope = ProtoWriter.StringFieldSize(ScopeName) + ProtoWriter.StringFieldSize(resource.Version);
        var scopeMetrics = ProtoWriter.FieldSize(scope) + _metrics.WrittenCount;
        _head.ResetWrittenCount();
        ProtoWriter.LengthPrefix(_head, 1, ProtoWriter.FieldSize(resource.Attributes.Length) + ProtoWriter.FieldSize(scopeMetrics));
        ProtoWriter.Bytes(_head, 1, resource.Attributes);
        ProtoWriter.LengthPrefix(_head, 2, scopeMetrics);
        ProtoWriter.LengthPrefix(_head, 1, scope);
        ProtoWriter.String(_head, 1, ScopeName);
        ProtoWriter.String(_head, 2, resource.Version);
        return (_head.WrittenMemory, _metrics.WrittenMemory);
    }

    private static ulong Nanos(DateTimeOffset at) => (ulong)(at - DateTimeOffset.UnixEpoch).Ticks * 100;
}
