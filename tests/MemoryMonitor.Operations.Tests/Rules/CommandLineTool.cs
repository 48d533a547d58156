using System.Diagnostics;

namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>
/// A real tool from a Debian package, run from the repository root. A missing tool fails the test with the
/// package to install: these checks are the contract of the rule files, so they must not quietly skip.
/// </summary>
internal sealed class CommandLineTool(string path, string debianPackage)
{
    public static CommandLineTool Promtool { get; } = new("/usr/bin/promtool", "prometheus");

    public static CommandLineTool Amtool { get; } = new("/usr/bin/amtool", "prometheus-alertmanager");

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public ToolResult Run(params string[] arguments) => Run(arguments, input: null);

    /// <param name="arguments">The tool's arguments.</param>
    /// <param name="input">What the tool reads on its standard input (promtool check metrics reads nothing else); null for none.</param>
    public ToolResult Run(string[] arguments, string? input)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} not found: install Debian's '{debianPackage}' package (scripts/install-test-deps.sh does, as root)");
        }

        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{path} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        return new ToolResult($"{path} {string.Join(' ', arguments)}", process.ExitCode, stdout.Result + stderr.Result);
    }
}
