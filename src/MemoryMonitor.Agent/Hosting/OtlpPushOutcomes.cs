using System.Diagnostics.Metrics;
using MemoryMonitor.Export;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// Counts every OTLP push by outcome, at the HTTP layer the exporter sends through. The OpenTelemetry exporter
/// reports failures only to its EventSource, so without this a collector that is down or slow goes unnoticed.
/// </summary>
internal sealed class OtlpPushOutcomes(Counter<long> pushes) : DelegatingHandler(new SocketsHttpHandler())
{
    public static Counter<long> CreateCounter(Meter meter) =>
        meter.CreateCounter<long>(MetricNames.AgentOtlpPushes, "{push}", "OTLP pushes by result: ok, rejected (the collector answered with an error status), failed (no connection), timeout (abandoned after --otlp-timeout).");

    // The exporter sends synchronously (HttpClient.Send) from its export thread; both paths are counted.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return Counted(base.Send(request, cancellationToken));
        }
        catch (Exception e) when (CountFailure(e))
        {
            throw;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return Counted(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (CountFailure(e))
        {
            throw;
        }
    }

    private HttpResponseMessage Counted(HttpResponseMessage response)
    {
        Count(response.IsSuccessStatusCode ? "ok" : "rejected");
        return response;
    }

    /// <summary>Counts the failure and returns false: used as an exception filter, it lets the exception pass untouched.</summary>
    private bool CountFailure(Exception exception)
    {
        Count(exception is OperationCanceledException ? "timeout" : "failed");
        return false;
    }

    private void Count(string result) => pushes.Add(1, new KeyValuePair<string, object?>("result", result));
}
