using MemoryMonitor.Export.ProcessSeries;
using Microsoft.AspNetCore.Http;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// Runs inside the OpenTelemetry scrape endpoint's branch: lets the OpenTelemetry exporter write the
/// fixed-cardinality families, then appends the per-process families from prometheus-net, so Prometheus
/// scrapes one /metrics. The classic text format is forced because OpenMetrics ends with "# EOF",
/// after which nothing may be appended; compression is refused because the OpenTelemetry exporter would
/// gzip its part and plain text appended to a gzip stream breaks the scrape ("gzip: invalid header").
/// The publisher is taken per request, not in the constructor: the branch is built inside AgentHost.Build, and
/// resolving it there would open the baseline store (file I/O, a lock wait, fault reports) before the host starts.
/// </summary>
internal sealed class ProcessFamiliesAppender(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ProcessSeriesPublisher publisher)
    {
        context.Request.Headers.Accept = "text/plain; version=0.0.4";
        context.Request.Headers.AcceptEncoding = "identity";
        await next(context).ConfigureAwait(false);
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            await publisher.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
