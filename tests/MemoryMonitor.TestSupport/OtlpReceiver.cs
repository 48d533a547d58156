using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace MemoryMonitor.TestSupport;

/// <summary>One request the receiver took: its content type, Authorization header and the request as the OTLP schema reads it.</summary>
public sealed record OtlpRequest(string ContentType, ExportMetricsServiceRequest Request, string? Authorization = null)
{
    /// <summary>Every metric of the request, across its resources and scopes.</summary>
    public IEnumerable<Metric> Metrics => Request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics);

    public Metric? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);

    /// <summary>A gauge's or sum's points; none for other kinds.</summary>
    public static IEnumerable<NumberDataPoint> NumberPoints(Metric metric) => metric.DataCase switch
    {
        OpenTelemetry.Proto.Metrics.V1.Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints,
        OpenTelemetry.Proto.Metrics.V1.Metric.DataOneofCase.Sum => metric.Sum.DataPoints,
        _ => [],
    };

    /// <summary>A point's string attribute, or null.</summary>
    public static string? Attribute(NumberDataPoint point, string key) => point.Attributes.FirstOrDefault(a => a.Key == key)?.Value.StringValue;
}

/// <summary>
/// A real OTLP metrics receiver on loopback, speaking OTLP/HTTP (protobuf POSTs to /v1/metrics) or gRPC (the
/// MetricsService over cleartext HTTP/2), that parses every request with the OTLP schema, as a collector does: a body
/// the schema cannot read fails the request and the test.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The base URL to give the agent.</summary>
    public Uri Endpoint { get; }

    public ConcurrentQueue<OtlpRequest> Received { get; } = new();

    /// <summary>Bodies the schema could not parse, with why.</summary>
    public ConcurrentQueue<string> Unreadable { get; } = new();

    /// <param name="grpc">gRPC rather than OTLP/HTTP.</param>
    /// <param name="before">OTLP/HTTP only: runs before the request is read (to hold it, say); an aborted request is not read.</param>
    public static async Task<OtlpReceiver> StartAsync(bool grpc = false, Func<HttpContext, Task>? before = null)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<Holder>();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.Services.GetRequiredService<Holder>().Receiver = receiver;
        if (grpc)
        {
            app.MapGrpcService<MetricsReceiver>();
        }
        else
        {
            app.MapPost("/v1/metrics", async (HttpContext context) =>
            {
                if (before is not null)
                {
                    await before(context);
                    if (context.RequestAborted.IsCancellationRequested)
                    {
                        return Results.Empty;
                    }
                }

                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                if (!receiver.TryTake(context.Request, body.ToArray()))
                {
                    return Results.BadRequest();
                }

                return Results.Bytes(new ExportMetricsServiceResponse().ToByteArray(), "application/x-protobuf");
            });
        }

        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool TryTake(HttpRequest http, byte[] body)
    {
        try
        {
            Received.Enqueue(Request(http, ExportMetricsServiceRequest.Parser.ParseFrom(body)));
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            Unreadable.Enqueue(e.Message);
            return false;
        }
    }

    private static OtlpRequest Request(HttpRequest http, ExportMetricsServiceRequest request) =>
        new(http.ContentType ?? string.Empty, request, http.Headers.Authorization.FirstOrDefault());

    /// <summary>Hands the gRPC service, which the host creates, the receiver it reports to.</summary>
    private sealed class Holder
    {
        public OtlpReceiver? Receiver { get; set; }
    }

    private sealed class MetricsReceiver(Holder holder) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            holder.Receiver!.Received.Enqueue(Request(context.GetHttpContext().Request, request));
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
