// Serves /metrics (where the variant has an HTTP server) with a few lines of its own, the OpenTelemetry exporter's
// text of 60 gauges of 3 series each, and prometheus-net's of 10 gauges of 100 children, as the agent does; compacts
// the heap once at 30 s, as the agent does once a minute. Port: the first argument.
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
#if KESTREL || KESTRELCORE
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
#endif
#if OTEL
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
#endif

#if KESTREL || KESTRELCORE || HTTPLISTENER
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 19950;
var ownText = Encoding.UTF8.GetBytes("# TYPE floor_up gauge\nfloor_up 1\n");
#endif
using var compact = new Timer(_ => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
#if SQLITE
using var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Path.GetTempPath(), $"floor-{Environment.ProcessId}.db")}");
store.Open();
using (var command = store.CreateCommand())
{
    command.CommandText = "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('x'); SELECT count(*) FROM t;";
    command.ExecuteScalar();
}
#endif
#if OTEL
using var meter = new Meter("floor");
for (var i = 0; i < 60; i++)
{
    var k = i;
    meter.CreateObservableGauge($"floor_gauge_{k}", () => new[]
    {
        new Measurement<double>(k, new KeyValuePair<string, object?>("kind", "a")),
        new Measurement<double>(k + 1, new KeyValuePair<string, object?>("kind", "b"), new KeyValuePair<string, object?>("zone", "z1")),
        new Measurement<double>(k + 2, new KeyValuePair<string, object?>("kind", "c"), new KeyValuePair<string, object?>("zone", "z2")),
    }, "bytes", "a gauge");
}
#endif
#if PROMNET
var registry = Prometheus.Metrics.NewCustomRegistry();
var factory = Prometheus.Metrics.WithCustomRegistry(registry);
for (var g = 0; g < 10; g++)
{
    var gauge = factory.CreateGauge($"floor_children_{g}", "a gauge with children", new Prometheus.GaugeConfiguration { LabelNames = ["pid", "comm"] });
    for (var c = 0; c < 100; c++)
    {
        gauge.WithLabels($"{1000 + c}", $"proc{c}").Set(c * g);
    }
}
#endif

#if KESTREL || KESTRELCORE
#if KESTREL
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
#else
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore();
#endif
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
#if OTEL
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(meter.Name).AddPrometheusExporter());
#endif
var app = builder.Build();
#if OTEL
app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: context => context.Request.Path == "/metrics", path: null,
    configureBranchedPipeline: branch => branch.Use(async (context, next) =>
    {
        context.Request.Headers.Accept = "text/plain; version=0.0.4";
        await next(context);
        await MoreText(context.Response.Body);
    }),
    optionsName: null);
#endif
#if KESTREL
app.MapGet("/healthz", () => Results.Text("ok\n"));
#endif
app.Run(async context =>
{
    context.Response.ContentType = "text/plain; version=0.0.4";
    await MoreText(context.Response.Body);
});
await app.RunAsync();
#elif HOST
var host = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions.AddHostedService<Ticker>(host.Services);
await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(host.Build());
#elif HTTPLISTENER
var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
while (true)
{
    var context = await listener.GetContextAsync();
    context.Response.ContentType = "text/plain; version=0.0.4";
    await MoreText(context.Response.OutputStream);
    context.Response.Close();
}
#else
using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
while (await tick.WaitForNextTickAsync())
{
}
#endif

#if KESTREL || KESTRELCORE || HTTPLISTENER
async Task MoreText(Stream body)
{
    await body.WriteAsync(ownText);
#if PROMNET
    await registry.CollectAndExportAsTextAsync(body);
#endif
}
#endif

#if HOST
/// <summary>What the agent's sampling service is to the host: a background loop.</summary>
internal sealed class Ticker : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await tick.WaitForNextTickAsync(stoppingToken))
        {
        }
    }
}
#endif
