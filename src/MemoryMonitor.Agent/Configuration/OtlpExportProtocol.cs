namespace MemoryMonitor.Agent.Configuration;

/// <summary>The OTLP transports the agent speaks (OTEL_EXPORTER_OTLP_PROTOCOL's http/protobuf and grpc).</summary>
public enum OtlpExportProtocol
{
    /// <summary>A POST of the protobuf request to the endpoint's /v1/metrics.</summary>
    HttpProtobuf,

    /// <summary>The MetricsService's Export call over HTTP/2 (cleartext for http://, TLS for https://).</summary>
    Grpc,
}
