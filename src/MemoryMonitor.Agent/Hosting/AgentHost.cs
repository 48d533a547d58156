using System.Diagnostics.Metrics;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Sampling;
using MemoryMonitor.Agent.Security;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Export;
using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.Instruments;
using MemoryMonitor.Export.Otlp;
using MemoryMonitor.Export.ProcessSeries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>Builds the agent: sampling in the background, /metrics, /healthz and /readyz over HTTP.</summary>
public static class AgentHost
{
    public static WebApplication Build(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AgentOptionsValidator.ThrowIfInvalid(options);
        var address = ListenAddress.Resolve(options.ListenHost)!;
        // The empty builder and Kestrel's core: the agent reads no configuration files or variables through the host,
        // routes three fixed paths itself and sets up TLS in code, and the slim builder's defaults for those (endpoint
        // routing, configuration sources, Kestrel's configuration-driven HTTPS) cost the agent 3.5 MB of RSS
        // (docs/performance.md, "Footprint work, step 4"). With no configuration files, nothing is watched either.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, options.ListenPort, listen =>
        {
            if (options.Web.Tls is { } tls)
            {
                TlsEndpoint.Apply(listen, tls);
            }
        }));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReadErrorCounters>();
        services.AddSingleton<BaselineSaveFailures>();
        services.AddSingleton<Readiness>();
        services.AddSingleton(sp => BaselineStore.Open(
            options.StateDirectory, StoreReporter(sp), sp.GetRequiredService<TimeProvider>(), options.BaselineRetryInterval, sp.GetRequiredService<BaselineSaveFailures>()));
        services.AddSingleton(sp => new AnalysisEngine(options.Analysis, sp.GetRequiredService<BaselineStore>()));
        services.AddSingleton(sp => new Meter(MetricNames.MeterName));
        services.AddSingleton(sp => new SystemInstruments(sp.GetRequiredService<Meter>()));
        services.AddSingleton(sp => new AgentInstruments(sp.GetRequiredService<Meter>(), sp.GetRequiredService<ReadErrorCounters>(), sp.GetRequiredService<BaselineSaveFailures>()));
        services.AddSingleton(sp => new ProcessSeriesSelector(options.TopProcesses));
        services.AddSingleton<ProcessSeriesPublisher>();
        services.AddSingleton(sp => new AnalysisInstruments(sp.GetRequiredService<Meter>()));
        services.AddSingleton(sp => new OomKillInstruments(sp.GetRequiredService<Meter>()));
        services.AddSingleton(sp => new MemoryCollector(options.Collection, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ReadErrorCounters>()));
        services.AddSingleton(sp => new SweepPipeline(
            sp.GetRequiredService<MemoryCollector>(),
            sp.GetRequiredService<AnalysisEngine>(),
            sp.GetRequiredService<ProcessSeriesSelector>(),
            sp.GetRequiredService<ProcessSeriesPublisher>(),
            sp.GetRequiredService<SystemInstruments>(),
            sp.GetRequiredService<AnalysisInstruments>(),
            sp.GetRequiredService<OomKillInstruments>(),
            sp.GetRequiredService<AgentInstruments>()));
        services.AddHostedService<SamplingService>();
        services.AddSingleton(sp => new MeterFamilies(sp.GetRequiredService<Meter>()));
        services.AddSingleton<MetricsExposition>();
        if (options.OtlpEndpoint is not null)
        {
            services.AddSingleton(sp => new OtlpMetricsRequest(
                sp.GetRequiredService<MeterFamilies>(), sp.GetRequiredService<ProcessSeriesPublisher>(), OtlpResource.Of(options.OtlpResourceAttributes), sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService<OtlpPushService>();
        }

        var app = builder.Build();

        // Resolve eagerly so instruments exist before the first scrape.
        app.Services.GetRequiredService<MeterFamilies>();
        app.Services.GetRequiredService<SystemInstruments>();
        app.Services.GetRequiredService<AgentInstruments>();
        app.Services.GetRequiredService<AnalysisInstruments>();
        app.Services.GetRequiredService<OomKillInstruments>();
        if (options.Web.RequiresBasicAuth)
        {
            app.UseMiddleware<BasicAuthMiddleware>(options.Web);
        }

        app.Run(StatusEndpoints.ServeAsync);
        return app;
    }

    /// <summary>Problems with the baseline database are logged once each, and so is its recovery; meanwhile the agent keeps baselines in memory.</summary>
    private static Action<string> StoreReporter(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MemoryMonitor.Baselines");
        return message => AgentLog.BaselineStoreProblem(logger, message);
    }
}
