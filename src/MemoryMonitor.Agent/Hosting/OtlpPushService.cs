using System.Diagnostics.Metrics;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Export;
using MemoryMonitor.Export.Instruments;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// Pushes every family over OTLP, the per-process ones included, from a meter provider of its own.
/// It uses delta temporality: the SDK then reclaims the points of processes that exited (OpenTelemetry
/// .NET 1.10+), where the cumulative Prometheus path would keep them forever. Backends that need
/// cumulative sums convert with the collector's deltatocumulative processor.
/// </summary>
internal sealed class OtlpPushService(AgentOptions options, ProcessInstruments processInstruments, Meter meter) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(processInstruments);
        var endpoint = options.OtlpEndpoint!;
        var pushes = OtlpPushOutcomes.CreateCounter(meter);
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(MetricNames.MeterName, ProcessInstruments.MeterName)
            .AddMetricStreamLimits(options.TopProcesses)
            .AddOtlpExporter((exporter, reader) =>
            {
                var grpc = options.OtlpProtocol == OtlpExportProtocol.Grpc;
                exporter.Protocol = options.OtlpProtocol;

                // Like OTEL_EXPORTER_OTLP_ENDPOINT, the setting is the collector's base URL; HTTP posts to /v1/metrics.
                exporter.Endpoint = grpc ? endpoint : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics");
                exporter.TimeoutMilliseconds = (int)options.OtlpTimeout.TotalMilliseconds;
                exporter.HttpClientFactory = () => new HttpClient(new OtlpPushOutcomes(pushes)) { Timeout = options.OtlpTimeout };
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpInterval.TotalMilliseconds;
            })
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Flush the last interval so a clean shutdown loses nothing.
        _provider?.ForceFlush(5_000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();

    internal static Meter CreateMeter() => new(ProcessInstruments.MeterName);
}
