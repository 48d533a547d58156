using System.Diagnostics.Metrics;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Export;
using MemoryMonitor.Export.Otlp;
using Microsoft.Extensions.Hosting;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// Pushes every family over OTLP each interval, the per-process ones included, encoded from what /metrics shows
/// (<see cref="OtlpMetricsRequest"/>). Pushes never overlap or queue: the next waits for this one, which is abandoned
/// after the timeout, so a slow collector delays data but cannot grow the agent's memory. Each is counted by outcome.
/// </summary>
internal sealed class OtlpPushService : BackgroundService
{
    private readonly AgentOptions _options;
    private readonly OtlpMetricsRequest _request;
    private readonly OtlpSender _sender;
    private readonly Counter<long> _pushes;

    public OtlpPushService(AgentOptions options, OtlpMetricsRequest request, Meter meter)
    {
        _options = options;
        _request = request;
        _sender = new OtlpSender(options.OtlpEndpoint!, options.OtlpProtocol, options.OtlpHeaders);
        _pushes = meter.CreateCounter<long>(MetricNames.AgentOtlpPushes, "{push}", "OTLP pushes by result: ok, rejected (the collector answered with an error status), failed (no connection), timeout (abandoned after --otlp-timeout).");
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Push the last interval so a clean shutdown loses nothing.
        await PushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _sender.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.OtlpInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; StopAsync makes the last push.
        }
    }

    private async Task PushAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.OtlpTimeout);
        var (head, metrics) = _request.Encode();
        var result = await _sender.SendAsync([head, metrics], timeout.Token).ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested)
        {
            _pushes.Add(1, new KeyValuePair<string, object?>("result", result));
        }
    }
}
