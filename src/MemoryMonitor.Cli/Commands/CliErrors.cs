namespace MemoryMonitor.Cli.Commands;

/// <summary>Errors for people: one line on stderr that says what and where, and a non-zero exit code.</summary>
internal static class CliErrors
{
    public const int BadConfiguration = 2;
    public const int RuntimeFailure = 1;

    public static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine($"memmon: error: {message}");
        return exitCode;
    }
}
