using System.CommandLine;
using MemoryMonitor.Agent.Configuration;

namespace MemoryMonitor.Cli.Commands;

/// <summary>
/// `memmon healthcheck`: GET the agent's /healthz and exit 0 on 200, 1 otherwise. The container image's HEALTHCHECK
/// runs it because a minimal runtime image has no curl or wget, and the agent binary is already there.
/// </summary>
internal static class HealthcheckCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The endpoint to probe (follow --listen if you changed it).",
            DefaultValueFactory = _ => "http://127.0.0.1:9897/healthz",
        };
        var timeout = new Option<string>("--timeout") { Description = "Give up after this long.", DefaultValueFactory = _ => "3s" };
        var command = new Command("healthcheck", "Probe a running agent's /healthz: exit 0 when it answers 200, 1 otherwise (for container HEALTHCHECKs).")
        {
            url, timeout,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                return CliErrors.Report($"--url: '{parse.GetValue(url)}' is not an absolute http(s) URL", CliErrors.BadConfiguration);
            }

            if (!Duration.TryParse(parse.GetValue(timeout), out var limit) || limit <= TimeSpan.Zero)
            {
                return CliErrors.Report($"--timeout: '{parse.GetValue(timeout)}' is not a duration greater than 0 (use e.g. 3s, 500ms)", CliErrors.BadConfiguration);
            }

            return await ProbeAsync(target, limit, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ProbeAsync(Uri target, TimeSpan limit, CancellationToken cancellation)
    {
        using var client = new HttpClient { Timeout = limit };
        try
        {
            using var response = await client.GetAsync(target, cancellation).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            return CliErrors.Report($"{target}: HTTP {(int)response.StatusCode}", CliErrors.RuntimeFailure);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return CliErrors.Report($"{target}: {e.Message}", CliErrors.RuntimeFailure);
        }
    }
}
