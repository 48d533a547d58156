using System.CommandLine;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using Microsoft.Extensions.Hosting;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon serve`: the agent.</summary>
internal static class ServeCommand
{
    private static readonly (string Flag, string Help)[] Flags =
    [
        ("config", "Optional JSON file of settings named like these flags, e.g. {\"interval\": \"15s\"}."),
        ("listen", "HOST:PORT for /metrics, /healthz and /readyz. Default 0.0.0.0:9897."),
        ("interval", "How often to sample system and process memory. Default 15s."),
        ("smaps-interval", "How often to read each process's smaps_rollup for PSS/USS (expensive; slow processes back off). 0 turns it off. Default 1m."),
        ("top-processes", "Processes with their own series (largest resident memory first); the rest are summed per comm and container. Default 100."),
        ("procfs", "Where procfs is mounted (/host/proc in a container). Default /proc."),
        ("sysfs", "Where sysfs is mounted, for cgroup memory files (/host/sys in a container). Default /sys."),
        ("otlp-endpoint", "Push metrics over OTLP to this collector base URL (also OTEL_EXPORTER_OTLP_ENDPOINT). Default off."),
        ("otlp-interval", "OTLP push interval. Default 30s."),
        ("otlp-timeout", "Abandon an OTLP push that takes longer; pushes never queue. Default 10s."),
        ("fragmentation-order", "Allocation order for the fragmentation index (9 = 2 MiB huge pages). Default 9."),
        ("web-config", "Web config file in the Prometheus exporter-toolkit format (tls_server_config, basic_auth_users with bcrypt hashes). Default none: plain HTTP."),
        ("state-dir", "Directory for learnt baselines (baselines.db), kept across restarts; the agent writes nothing else. Default /var/lib/memmon."),
    ];

    public static Command Create()
    {
        var command = new Command(
            "serve",
            "Run the agent: sample /proc every interval and serve Prometheus metrics at /metrics. " +
            "Every flag can also be set as MEMMON_<FLAG> (e.g. MEMMON_TOP_PROCESSES) or in the --config file; flags win, then environment, then file.");
        var options = new List<Option<string>>();
        foreach (var (flag, help) in Flags)
        {
            var option = new Option<string>("--" + flag) { Description = help };
            options.Add(option);
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var option in options)
            {
                if (parse.GetValue(option) is { } value)
                {
                    given[option.Name.TrimStart('-')] = value;
                }
            }

            return await RunAsync(given, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string> flags, CancellationToken cancellation)
    {
        AgentOptions options;
        try
        {
            options = AgentOptionsLoader.Load(new SettingSources(flags, Environment.GetEnvironmentVariable));
        }
        catch (SettingsException e)
        {
            return CliErrors.Report(e.Message, CliErrors.BadConfiguration);
        }

        try
        {
            var app = AgentHost.Build(options);
            await app.StartAsync(cancellation).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
            return 0;
        }
        catch (SettingsException e)
        {
            return CliErrors.Report(e.Message, CliErrors.BadConfiguration);
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return CliErrors.Report($"--listen {options.ListenHost}:{options.ListenPort}: cannot listen ({e.Message})", CliErrors.RuntimeFailure);
        }
    }
}
