using MemoryMonitor.Agent.Sampling;
using MemoryMonitor.Export.Exposition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>
/// /metrics, /healthz, /readyz and / as one terminal middleware. Not minimal APIs: endpoint routing and the slim
/// builder's defaults are the largest part of ASP.NET Core the agent would page in for four fixed paths (with the
/// slim builder, 3.5 MB of the agent's RSS; docs/performance.md "Footprint work, step 4").
/// </summary>
internal static class StatusEndpoints
{
    private const string Paths = "the agent serves /metrics, /healthz, /readyz";

    public static Task ServeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var readOnly = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (context.Request.Path.Value == "/metrics" && readOnly)
        {
            context.Response.ContentType = MetricsExposition.ContentType;
            return context.RequestServices.GetRequiredService<MetricsExposition>().WriteAsync(context.Response.BodyWriter, context.RequestAborted);
        }

        var (status, text) = context.Request.Path.Value switch
        {
            "/metrics" => (StatusCodes.Status200OK, string.Empty), // only other methods get here: the 405 below
            "/healthz" => (StatusCodes.Status200OK, "ok\n"),
            "/readyz" => context.RequestServices.GetRequiredService<Readiness>().IsReady
                ? (StatusCodes.Status200OK, "ready\n")
                : (StatusCodes.Status503ServiceUnavailable, "waiting for the first sweep\n"),
            "/" => (StatusCodes.Status200OK, $"MemoryMonitor agent: {Paths}\n"),
            _ => (StatusCodes.Status404NotFound, $"not found: {Paths}\n"),
        };
        if (status != StatusCodes.Status404NotFound && !readOnly)
        {
            (status, text) = (StatusCodes.Status405MethodNotAllowed, "only GET and HEAD\n");
            context.Response.Headers.Allow = "GET, HEAD";
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
