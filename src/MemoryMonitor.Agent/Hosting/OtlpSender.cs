using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using MemoryMonitor.Agent.Configuration;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// Sends one encoded OTLP request to the collector, over OTLP/HTTP (a protobuf POST to /v1/metrics) or gRPC (the
/// MetricsService's Export over HTTP/2), and says how it went: ok, rejected (the collector answered with an error
/// status), failed (no connection) or timeout.
/// </summary>
internal sealed class OtlpSender : IDisposable
{
    private const string GrpcPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue Grpc = new("application/grpc");

    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri _target;
    private readonly bool _grpc;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public OtlpSender(Uri endpoint, OtlpExportProtocol protocol, IReadOnlyDictionary<string, string> headers)
    {
        _grpc = protocol == OtlpExportProtocol.Grpc;
        _headers = headers;

        // Like OTEL_EXPORTER_OTLP_ENDPOINT, the setting is the collector's base URL: HTTP posts to its /v1/metrics, gRPC
        // calls the service's path on its host.
        _target = new Uri(endpoint, _grpc ? GrpcPath : endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics");
    }

    /// <summary>Sends the request made of <paramref name="parts"/>; a cancelled token ends it as a timeout.</summary>
    public async Task<string> SendAsync(ReadOnlyMemory<byte>[] parts, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new PartsContent(parts, _grpc) };
        request.Content.Headers.ContentType = _grpc ? Grpc : Protobuf;
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_grpc)
        {
            // gRPC is HTTP/2 only; for http:// that is prior knowledge (h2c), as collectors accept on 4317.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // Read the answer to its end: gRPC's status is in the trailers, and a drained connection is reused.
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return !response.IsSuccessStatusCode ? "rejected"
                : !_grpc ? "ok"
                : GrpcStatus(response) == "0" ? "ok"
                : "rejected";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "failed";
        }
    }

    public void Dispose() => _http.Dispose();

    // A gRPC error without a body comes "trailers-only": its status is then among the headers.
    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.FirstOrDefault()
        : null;

    /// <summary>The request's parts sent one after the other, after gRPC's 5-byte message prefix when it is gRPC.</summary>
    private sealed class PartsContent(ReadOnlyMemory<byte>[] parts, bool grpc) : HttpContent
    {
        private int Length => parts.Sum(part => part.Length);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (grpc)
            {
                // Not compressed (0), then the message's length, big-endian.
                var prefix = new byte[5];
                BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1), Length);
                await stream.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
            }

            foreach (var part in parts)
            {
                await stream.WriteAsync(part, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = Length + (grpc ? 5 : 0);
            return true;
        }
    }
}
