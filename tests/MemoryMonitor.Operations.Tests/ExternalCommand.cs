using System.Diagnostics;
using System.Text;

namespace MemoryMonitor.Operations.Tests;

/// <summary>Runs a program the tests depend on (podman, dotnet, gcc) and fails with its own words when it fails.</summary>
internal static class ExternalCommand
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point a nested `dotnet publish` at the test run's SDK state.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} could not start");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var reading = Task.WhenAll(
            Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync())),
            Task.Run(async () => errors.Append(await process.StandardError.ReadToEndAsync())));
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        await reading;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}:\n{Tail(errors.ToString())}\n{Tail(output.ToString())}");
        }

        return output.ToString();
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
