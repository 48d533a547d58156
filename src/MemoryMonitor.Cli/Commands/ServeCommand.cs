using System.CommandLine;
using System.Net.Sockets;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using Microsoft.Extensions.Hosting;

namespace MemoryMonitor.Cli.Commands;

/// <summary>`memmon serve`: the agent.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command(
            "serve",
            "Run the agent: sample /proc every interval and serve Prometheus metrics at /metrics. " +
            "Every flag can also be set as MEMMON_<FLAG> (e.g. MEMMON_TOP_PROCESSES) or in the --config file; flags win, then environment, then file.");
        var options = new List<Option<string>>();
        foreach (var setting in AgentSettings.All)
        {
            // No DefaultValueFactory: a parsed default would override the environment and the file, and
            // System.CommandLine would print it a second time as "[default: ...]".
            var option = new Option<string>("--" + setting.Flag) { Description = setting.HelpText };
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
