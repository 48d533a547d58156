namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>How a command-line tool ended: its exit code and everything it printed (stdout, then stderr).</summary>
internal sealed record ToolResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"$ {CommandLine}\nexit code {ExitCode}\n{Output}";
}
